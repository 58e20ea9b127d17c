using System.Collections.Concurrent;
using Paralus.Domain.Directory;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Keeps the newest <see cref="DirectoryView"/> per organization. Each <see cref="GetAsync"/> costs one point read
/// of the revision row; the partition is re-read only when the revision moved, so reads stay cheap and are never stale.
/// </summary>
public sealed class DirectoryViewCache(DirectoryRepository repository)
{
    private readonly ConcurrentDictionary<string, DirectoryView> _views = new(StringComparer.Ordinal);

    public async Task<DirectoryView> GetAsync(string organizationId, CancellationToken cancellationToken)
    {
        var revision = await repository.ReadRevisionAsync(organizationId, cancellationToken);
        if (_views.TryGetValue(organizationId, out var cached) && cached.Revision == revision.Revision) return cached;

        // The point read just made labels the load, so a reload costs no second one.
        var loaded = await repository.LoadAsync(organizationId, revision, cancellationToken);
        return _views.AddOrUpdate(organizationId, loaded, (_, current) => current.Revision >= loaded.Revision ? current : loaded);
    }
}
