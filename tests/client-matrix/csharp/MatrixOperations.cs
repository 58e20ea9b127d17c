using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Paralus.ClientMatrix.CSharp;

/// <summary>
/// The matrix's operations, in the driver's order, done the way a KubernetesClient user would.
/// Each returns what it saw, throws <see cref="OperationFailedException"/> when it saw the wrong
/// thing, or <see cref="NotAvailableException"/> when the library cannot do it.
/// </summary>
internal sealed partial class MatrixOperations(
    Kubernetes client, WatchHeadersClock headersClock, string ns, string pod, TimeProvider time)
{
    private const string Client = "csharp";
    private const string WidgetGroup = "matrix.paralus.io";
    private const string WidgetVersion = "v1";
    private const string WidgetPlural = "widgets";

    public IEnumerable<Operation> All() =>
    [
        new("version", VersionAsync),
        new("list", ListAsync),
        new("create", CreateAsync),
        new("patch", PatchAsync),
        new("server-side-apply", ServerSideApplyAsync),
        new("watch", WatchAsync),
        new("informer", _ => throw new NotAvailableException("KubernetesClient has no informer")),
        new("exec", ExecAsync),
        new("exec-stdin", ExecStdinAsync),
        new("logs-follow", LogsFollowAsync),
        new("port-forward", PortForwardAsync),
        new("crd", CrdAsync),
        new("cleanup", CleanupAsync),
    ];

    private async Task<string> VersionAsync(CancellationToken ct) =>
        (await client.Version.GetCodeAsync(ct)).GitVersion;

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var names = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct)).Items
            .Select(p => p.Metadata.Name).ToList();
        return names.Contains(pod)
            ? $"{names.Count} pods, {pod} present"
            : throw new OperationFailedException($"{pod} not among {string.Join(", ", names)}");
    }

    private async Task<string> CreateAsync(CancellationToken ct)
    {
        var name = $"{Client}-cm";
        var body = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["a"] = "1" } };
        await client.CoreV1.CreateNamespacedConfigMapAsync(body, ns, cancellationToken: ct);
        var data = Describe((await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct)).Data);
        return data == "{a=1}" ? $"created and read back data {data}" : throw new OperationFailedException($"read back data {data}");
    }

    private async Task<string> PatchAsync(CancellationToken ct)
    {
        var patch = new V1Patch("""{"data":{"b":"2"}}""", V1Patch.PatchType.MergePatch);
        var data = Describe((await client.CoreV1.PatchNamespacedConfigMapAsync(patch, $"{Client}-cm", ns, cancellationToken: ct)).Data);
        return data == "{a=1, b=2}" ? $"data {data}" : throw new OperationFailedException($"data after patch {data}");
    }

    private async Task<string> ServerSideApplyAsync(CancellationToken ct)
    {
        var name = $"{Client}-ssa";
        var manifest = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Data = new Dictionary<string, string> { ["applied"] = "yes" },
        };
        var applied = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), name, ns, fieldManager: "matrix", force: true, cancellationToken: ct);
        var data = Describe(applied.Data);
        return data == "{applied=yes}" ? $"applied, data {data}" : throw new OperationFailedException($"data after apply {data}");
    }

    private async Task<string> CrdAsync(CancellationToken ct)
    {
        var name = $"{Client}-w";
        var widget = new Dictionary<string, object>
        {
            ["apiVersion"] = $"{WidgetGroup}/{WidgetVersion}",
            ["kind"] = "Widget",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name },
            ["spec"] = new Dictionary<string, object> { ["size"] = 3 },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, WidgetGroup, WidgetVersion, ns, WidgetPlural, cancellationToken: ct);
        var list = JsonSerializer.SerializeToElement(
            await client.CustomObjects.ListNamespacedCustomObjectAsync(WidgetGroup, WidgetVersion, ns, WidgetPlural, cancellationToken: ct));
        var names = list.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("metadata").GetProperty("name").GetString()).ToList();
        if (!names.Contains(name))
        {
            throw new OperationFailedException($"{name} not in the list");
        }
        var got = JsonSerializer.SerializeToElement(
            await client.CustomObjects.GetNamespacedCustomObjectAsync(WidgetGroup, WidgetVersion, ns, WidgetPlural, name, ct));
        var spec = got.GetProperty("spec");
        if (!spec.TryGetProperty("size", out var size) || size.GetInt32() != 3)
        {
            throw new OperationFailedException($"spec read back {spec}");
        }
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(WidgetGroup, WidgetVersion, ns, WidgetPlural, name, cancellationToken: ct);
        return $"created, listed ({names.Count}), read back size 3, deleted";
    }

    private async Task<string> CleanupAsync(CancellationToken ct)
    {
        Func<Task>[] deletions =
        [
            .. new[] { "cm", "ssa", "watch" }.Select(suffix =>
                (Func<Task>)(() => client.CoreV1.DeleteNamespacedConfigMapAsync($"{Client}-{suffix}", ns, cancellationToken: ct))),
            () => client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                WidgetGroup, WidgetVersion, ns, WidgetPlural, $"{Client}-w", cancellationToken: ct),
        ];
        var deleted = 0;
        foreach (var delete in deletions)
        {
            try
            {
                await delete();
                deleted++;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Whatever an earlier failed operation never created is not there to delete.
            }
        }
        return $"deleted {deleted} objects";
    }

    /// <summary>A ConfigMap's data as {k=v, ...}, sorted, the same in every client's report.</summary>
    private static string Describe(IDictionary<string, string>? data) =>
        data is null ? "{}" : "{" + string.Join(", ", data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
