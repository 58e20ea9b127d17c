using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.OpenApi;
using Paralus.Sandbox.Rbac;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// The generic REST handler behind <c>/api/v1/…</c> and <c>/apis/{group}/{version}/…</c>: one
/// code path for every stored kind, with review resources and subresources handed to their
/// own handlers.
/// </summary>
internal sealed class ResourceApi(
    ResourceStore store,
    Admission admission,
    TableConverter tables,
    ReviewApi reviews,
    SubresourceApi subresources,
    EscalationCheck escalation,
    FieldTypeCheck types,
    ServedResources served)
{
    private static readonly TimeSpan MaxWatch = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapResourceApi(IEndpointRouteBuilder routes)
    {
        routes.Map("/api/v1/{**rest}", Dispatch);
        routes.Map("/apis/{group}/{version}/{**rest}", Dispatch);
        return routes;
    }

    private static Task Dispatch(HttpContext context) =>
        context.RequestServices.GetRequiredService<ResourceApi>().HandleAsync(context);

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var info = AccessControl.RequestInfoOf(context);
            var type = served.Find(info.ApiGroup, info.ApiVersion, info.Resource)
                ?? throw StatusException.NoSuchResource();
            if (!type.Namespaced && info.Namespace.Length > 0 && type != ResourceCatalog.Namespaces)
                throw StatusException.NoSuchResource();
            if (!type.Stored)
            {
                await reviews.HandleAsync(context, type, info);
                return;
            }
            if (info.Subresource.Length > 0)
            {
                await subresources.HandleAsync(context, type, info);
                return;
            }
            var ns = type.Namespaced ? info.Namespace : "";
            await (info.Verb switch
            {
                "get" => Get(context, type, ns, info.Name),
                "list" => List(context, type, ns),
                "watch" => Watch(context, type, ns, info.Name),
                "create" => Create(context, type, ns),
                "update" => Update(context, type, ns, info.Name),
                "patch" => Patch(context, type, ns, info.Name),
                "delete" => Delete(context, type, ns, info.Name),
                "deletecollection" => DeleteCollection(context, type, ns),
                _ => throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource"),
            });
        }
        catch (StatusException e) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteStatusAsync(context, e);
        }
    }

    private Task Get(HttpContext context, ResourceType type, string ns, string name)
    {
        var obj = store.GetRequired(type, ns, name);
        if (TableConverter.Wants(context.Request))
            return JsonResponses.WriteAsync(context, 200, tables.Convert(type, [obj], Meta.ResourceVersion(obj), IncludeObject(context)), TableConverter.ContentType);
        return JsonResponses.WriteAsync(context, 200, obj);
    }

    private Task List(HttpContext context, ResourceType type, string ns)
    {
        var (items, rv) = store.List(type, ns);
        var filter = Filter(context);
        var selected = items.Where(filter).ToList();
        var version = rv.ToString(CultureInfo.InvariantCulture);
        var (page, next, remaining) = ListPage.Take(selected, context.Request.Query["limit"], context.Request.Query["continue"]);
        JsonObject body = TableConverter.Wants(context.Request)
            ? tables.Convert(type, page, version, IncludeObject(context))
            : ListOf(type, page, version);
        if (next is not null)
        {
            body["metadata"]!["continue"] = next;
            body["metadata"]!["remainingItemCount"] = remaining;
        }
        return TableConverter.Wants(context.Request)
            ? JsonResponses.WriteAsync(context, 200, body, TableConverter.ContentType)
            : JsonResponses.WriteAsync(context, 200, body);
    }

    private async Task Watch(HttpContext context, ResourceType type, string ns, string name)
    {
        var query = context.Request.Query;
        var filter = Filter(context);
        var rvText = query["resourceVersion"].ToString();
        long? since = rvText.Length == 0 ? null
            : long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv) ? rv
            : throw StatusException.BadRequest($"invalid resource version: {rvText}");
        var sendInitial = QueryFlag.IsTrue(query["sendInitialEvents"]);
        var bookmarks = QueryFlag.IsTrue(query["allowWatchBookmarks"]);
        var asTable = TableConverter.Wants(context.Request);
        var includeObject = IncludeObject(context);
        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxWatch.TotalSeconds)) : MaxWatch;

        using var subscription = store.Subscribe(type, sendInitial ? null : since);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = asTable ? TableConverter.ContentType : "application/json";
        await context.Response.StartAsync(deadline.Token);

        bool Matches(StoreEvent e) =>
            e.ResourceKey == type.Key && (ns.Length == 0 || Meta.Namespace(e.Object) == ns)
            && (name.Length == 0 || Meta.Name(e.Object) == name) && filter(e.Object);

        var lastRv = since ?? store.ResourceVersion;
        try
        {
            foreach (var e in subscription.Backlog.Where(Matches))
            {
                await WriteEvent(context, type, e.Type, e.Object, asTable, includeObject, deadline.Token);
                lastRv = Math.Max(lastRv, e.ResourceVersion);
            }
            if (bookmarks && sendInitial)
                await WriteBookmark(context, type, lastRv, initialEventsEnd: true, deadline.Token);
            await context.Response.Body.FlushAsync(deadline.Token);

            while (!deadline.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                tick.CancelAfter(BookmarkInterval);
                try
                {
                    if (!await subscription.Events.WaitToReadAsync(tick.Token)) break;
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                    if (bookmarks) await WriteBookmark(context, type, lastRv, initialEventsEnd: false, deadline.Token);
                    continue;
                }
                while (subscription.Events.TryRead(out var e))
                {
                    if (!Matches(e)) continue;
                    await WriteEvent(context, type, e.Type, e.Object, asTable, includeObject, deadline.Token);
                    lastRv = e.ResourceVersion;
                }
                await context.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The client went away or the watch timed out: both end the stream normally.
        }
    }

    private async Task Create(HttpContext context, ResourceType type, string ns)
    {
        var obj = await JsonResponses.ReadObjectAsync(context);
        types.Check(type, obj);
        if (type.Namespaced) ApplyNamespace(obj, ns);
        admission.PrepareCreate(type, obj);
        escalation.Check(AccessControl.UserOf(context), type, obj);
        if (IsDryRun(context))
        {
            await JsonResponses.WriteAsync(context, 201, obj);
            return;
        }
        var created = store.Create(type, obj);
        if (type == ResourceCatalog.Namespaces) CreateDefaultServiceAccount(Meta.Name(created));
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionsChanged();
        await JsonResponses.WriteAsync(context, 201, created);
    }

    private async Task Update(HttpContext context, ResourceType type, string ns, string name)
    {
        var obj = await JsonResponses.ReadObjectAsync(context);
        types.Check(type, obj);
        if (type.Namespaced) ApplyNamespace(obj, ns);
        if (Meta.Name(obj) != name)
            throw StatusException.BadRequest("the name of the object does not match the name on the URL");
        Admission.PrepareUpdate(type, obj);
        escalation.Check(AccessControl.UserOf(context), type, obj);
        if (IsDryRun(context))
        {
            await JsonResponses.WriteAsync(context, 200, obj);
            return;
        }
        var updated = store.Update(type, obj);
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionsChanged();
        await JsonResponses.WriteAsync(context, 200, updated);
    }

    private async Task Patch(HttpContext context, ResourceType type, string ns, string name)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var contentType = context.Request.ContentType ?? "";
        var existing = store.Get(type, ns, name);
        if (existing is null)
        {
            if (!contentType.StartsWith(Patches.ApplyPatch, StringComparison.OrdinalIgnoreCase))
                throw StatusException.NotFound(type.Plural, type.Group, name);
            // Server-side apply creates what does not exist yet.
            var fresh = Patches.ParseYaml(body) as JsonObject ?? throw StatusException.BadRequest("the applied configuration must be an object");
            types.Check(type, fresh);
            Meta.Of(fresh)["name"] = name;
            if (type.Namespaced) Meta.Of(fresh)["namespace"] = ns;
            admission.PrepareCreate(type, fresh);
            escalation.Check(AccessControl.UserOf(context), type, fresh);
            var created = IsDryRun(context) ? fresh : store.Create(type, fresh);
            if (type == ResourceCatalog.Namespaces && !IsDryRun(context)) CreateDefaultServiceAccount(name);
            if (type == ResourceCatalog.CustomResourceDefinitions && !IsDryRun(context)) CustomResourceDefinitionsChanged();
            await JsonResponses.WriteAsync(context, 201, created);
            return;
        }
        // Custom resources have no Go struct to take merge keys from, so the apiserver refuses strategic merge for them.
        if (type.Custom && contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.OrdinalIgnoreCase))
            throw new StatusException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        var patched = ObjectPatcher.Patch(type, existing, contentType, body);
        types.Check(type, patched);
        escalation.Check(AccessControl.UserOf(context), type, patched);
        if (IsDryRun(context))
        {
            await JsonResponses.WriteAsync(context, 200, patched);
            return;
        }
        var updated = store.Update(type, patched);
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionsChanged();
        await JsonResponses.WriteAsync(context, 200, updated);
    }

    private Task Delete(HttpContext context, ResourceType type, string ns, string name)
    {
        if (IsDryRun(context)) return JsonResponses.WriteAsync(context, 200, store.GetRequired(type, ns, name));
        var deleted = store.Delete(type, ns, name);
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionsChanged();
        return JsonResponses.WriteAsync(context, 200, deleted);
    }

    /// <summary>Serves the kinds of the stored CRDs, and deletes the objects of kinds no longer served, as the apiserver does.</summary>
    private void CustomResourceDefinitionsChanged()
    {
        var before = served.Types;
        served.Refresh(store.List(ResourceCatalog.CustomResourceDefinitions, "").Items);
        foreach (var gone in before.Where(t => t.Custom && served.FindByKey(t.Key) is null).DistinctBy(t => t.Key))
        {
            foreach (var obj in store.List(gone, "").Items)
            {
                try
                {
                    store.Delete(gone, Meta.Namespace(obj), Meta.Name(obj));
                }
                catch (StatusException e) when (e.Code == 404)
                {
                    // Already gone with an owner.
                }
            }
        }
    }

    private Task DeleteCollection(HttpContext context, ResourceType type, string ns)
    {
        var (items, _) = store.List(type, ns);
        var selected = items.Where(Filter(context)).ToList();
        if (!IsDryRun(context))
        {
            foreach (var item in selected)
            {
                try
                {
                    store.Delete(type, Meta.Namespace(item), Meta.Name(item));
                }
                catch (StatusException e) when (e.Code == 404)
                {
                    // Already gone with an owner or its namespace.
                }
            }
            if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionsChanged();
        }
        return JsonResponses.WriteAsync(context, 200, ListOf(type, selected, store.ResourceVersion.ToString(CultureInfo.InvariantCulture)));
    }

    private void CreateDefaultServiceAccount(string ns)
    {
        var account = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
        };
        try
        {
            store.Create(ResourceCatalog.ServiceAccounts, account);
        }
        catch (StatusException e) when (e.Code == 409)
        {
            // Someone was quicker; the account exists either way.
        }
    }

    private async Task WriteEvent(HttpContext context, ResourceType type, string eventType, JsonObject obj, bool asTable, string includeObject, CancellationToken cancellation)
    {
        JsonNode payload = asTable ? tables.Convert(type, [obj], Meta.ResourceVersion(obj), includeObject) : obj;
        var line = new JsonObject { ["type"] = eventType, ["object"] = payload.DeepClone() };
        await WriteLine(context, line, cancellation);
    }

    private static Task WriteBookmark(HttpContext context, ResourceType type, long rv, bool initialEventsEnd, CancellationToken cancellation)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd) metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var line = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata },
        };
        return WriteLine(context, line, cancellation);
    }

    private static async Task WriteLine(HttpContext context, JsonObject line, CancellationToken cancellation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, JsonResponses.SerializerOptions);
        await context.Response.Body.WriteAsync(bytes, cancellation);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), cancellation);
    }

    private static JsonObject ListOf(ResourceType type, List<JsonObject> items, string resourceVersion) => new()
    {
        ["kind"] = type.ListKind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
    };

    private static Func<JsonObject, bool> Filter(HttpContext context)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        return obj => labels.Matches(Meta.Labels(obj)) && fields.Matches(obj);
    }

    private static void ApplyNamespace(JsonObject obj, string ns)
    {
        var metadata = Meta.Of(obj);
        var declared = Meta.Namespace(obj);
        if (declared.Length > 0 && declared != ns)
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        metadata["namespace"] = ns;
    }

    private static bool IsDryRun(HttpContext context) => context.Request.Query["dryRun"] == "All";

    private static string IncludeObject(HttpContext context) => context.Request.Query["includeObject"].ToString();
}
