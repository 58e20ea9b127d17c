using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// The OpenAPI documents of what this sandbox serves now: rendered again, on first use, after
/// the served kinds change (a CRD created or deleted).
/// </summary>
internal sealed class PublishedOpenApi(ServedResources served)
{
    private volatile Snapshot? _snapshot;

    public OpenApiDocuments Current
    {
        get
        {
            var types = served.Types;
            var snapshot = _snapshot;
            if (snapshot is not null && ReferenceEquals(snapshot.Types, types)) return snapshot.Documents;
            var documents = OpenApiDocuments.For(types);
            _snapshot = new Snapshot(types, documents);
            return documents;
        }
    }

    private sealed record Snapshot(IReadOnlyList<ResourceType> Types, OpenApiDocuments Documents);
}
