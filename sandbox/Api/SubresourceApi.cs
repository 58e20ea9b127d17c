using System.Text.Json.Nodes;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;
using Paralus.Sandbox.Streams;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Subresources: <c>status</c>, <c>scale</c>, <c>serviceaccounts/token</c> (TokenRequest) and the
/// pod streams (<c>log</c>, <c>exec</c>, <c>attach</c>, <c>portforward</c>) and <c>ephemeralcontainers</c>.
/// </summary>
internal sealed class SubresourceApi(
    ResourceStore store,
    ServiceAccountTokens tokens,
    PodLogs logs,
    ExecSessions exec,
    SpdyExecSessions spdyExec,
    PortForwardSessions portForward,
    EphemeralContainersApi ephemeralContainers,
    TimeProvider time)
{
    private const long DefaultTokenSeconds = 3600;
    private const long MinTokenSeconds = 600;
    private const long MaxTokenSeconds = 48 * 3600;

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo info)
    {
        var ns = type.Namespaced ? info.Namespace : "";
        var method = context.Request.Method;
        switch (info.Subresource)
        {
            case "status" or "finalize":
                await Status(context, type, ns, info.Name, method);
                break;
            case "scale" when type.Group == "apps":
                await Scale(context, type, ns, info.Name, method);
                break;
            case "token" when type == ResourceCatalog.ServiceAccounts && HttpMethods.IsPost(method):
                await TokenRequest(context, ns, info.Name);
                break;
            case "log" when type == ResourceCatalog.Pods:
                await logs.StreamAsync(context, store.GetRequired(type, ns, info.Name));
                break;
            case "exec" or "attach" when type == ResourceCatalog.Pods:
                var pod = store.GetRequired(type, ns, info.Name);
                var attach = info.Subresource == "attach";
                if (context.WebSockets.IsWebSocketRequest) await exec.RunAsync(context, pod, attach);
                else if (SpdyUpgrade.IsRequested(context)) await spdyExec.RunAsync(context, pod, attach);
                else throw StatusException.BadRequest("Upgrade request required: use WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) or SPDY/3.1");
                break;
            case "ephemeralcontainers" when type == ResourceCatalog.Pods:
                await ephemeralContainers.HandleAsync(context, ns, info.Name);
                break;
            case "portforward" when type == ResourceCatalog.Pods:
                await portForward.RunAsync(context, store.GetRequired(type, ns, info.Name));
                break;
            default:
                throw StatusException.NoSuchResource();
        }
    }

    private async Task Status(HttpContext context, ResourceType type, string ns, string name, string method)
    {
        var existing = store.GetRequired(type, ns, name);
        if (HttpMethods.IsGet(method))
        {
            await JsonResponses.WriteAsync(context, 200, existing);
            return;
        }
        JsonObject updated;
        if (HttpMethods.IsPut(method)) updated = await JsonResponses.ReadObjectAsync(context);
        else if (HttpMethods.IsPatch(method)) updated = ObjectPatcher.Patch(type, existing, context.Request.ContentType ?? "", await Body(context));
        else throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        Meta.Of(updated)["name"] = name;
        if (type.Namespaced) Meta.Of(updated)["namespace"] = ns;
        await JsonResponses.WriteAsync(context, 200, store.Update(type, updated, statusOnly: true));
    }

    private async Task Scale(HttpContext context, ResourceType type, string ns, string name, string method)
    {
        var existing = store.GetRequired(type, ns, name);
        var scale = ScaleOf(existing);
        if (HttpMethods.IsGet(method))
        {
            await JsonResponses.WriteAsync(context, 200, scale);
            return;
        }
        JsonObject requested;
        if (HttpMethods.IsPut(method)) requested = await JsonResponses.ReadObjectAsync(context);
        else if (HttpMethods.IsPatch(method)) requested = Patches.Apply(scale, context.Request.ContentType ?? "", await Body(context));
        else throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var expected = Meta.ResourceVersion(requested);
        if (expected.Length > 0 && expected != Meta.ResourceVersion(existing))
            throw StatusException.Conflict(type.Plural, type.Group, name);
        existing["spec"]!["replicas"] = Meta.Long(requested["spec"]?["replicas"]);
        await JsonResponses.WriteAsync(context, 200, ScaleOf(store.Update(type, existing)));
    }

    private static JsonObject ScaleOf(JsonObject obj) => new()
    {
        ["kind"] = "Scale",
        ["apiVersion"] = "autoscaling/v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = Meta.Name(obj),
            ["namespace"] = Meta.Namespace(obj),
            ["uid"] = Meta.Uid(obj),
            ["resourceVersion"] = Meta.ResourceVersion(obj),
            ["creationTimestamp"] = Meta.Text(obj, "metadata", "creationTimestamp"),
        },
        ["spec"] = new JsonObject { ["replicas"] = Meta.Long(obj["spec"]?["replicas"]) },
        ["status"] = new JsonObject
        {
            ["replicas"] = Meta.Long(obj["status"]?["replicas"]),
            ["selector"] = string.Join(',', (obj["spec"]?["selector"]?["matchLabels"] as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value}")),
        },
    };

    private async Task TokenRequest(HttpContext context, string ns, string name)
    {
        var account = store.GetRequired(ResourceCatalog.ServiceAccounts, ns, name);
        var request = context.Request.ContentLength is 0 ? new JsonObject() : await JsonResponses.ReadObjectAsync(context);
        var audiences = (request["spec"]?["audiences"] as JsonArray)?.Select(a => a?.ToString() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0) audiences.Add(ServiceAccountTokens.ApiAudience);
        var seconds = Meta.Long(request["spec"]?["expirationSeconds"]);
        if (seconds == 0) seconds = DefaultTokenSeconds;
        if (seconds < MinTokenSeconds)
            throw StatusException.Invalid("TokenRequest", "authentication.k8s.io", name, "spec.expirationSeconds", "Invalid value: may not specify a duration less than 10 minutes");
        seconds = Math.Min(seconds, MaxTokenSeconds);
        var (token, expires) = tokens.Issue(account, audiences, seconds);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["creationTimestamp"] = ResourceStore.Timestamp(time.GetUtcNow()),
            },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = request["spec"]?["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = ResourceStore.Timestamp(expires),
            },
        };
        await JsonResponses.WriteAsync(context, 201, response);
    }

    private static async Task<string> Body(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }
}
