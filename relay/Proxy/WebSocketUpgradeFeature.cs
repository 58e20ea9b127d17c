using Microsoft.AspNetCore.Http.Features;
using Paralus.Relay.Audit;

namespace Paralus.Relay.Proxy;

/// <summary>
/// Kestrel's upgrade of a WebSocket request (exec, attach and port-forward of the Python, C# and JavaScript clients,
/// kubectl 1.30 and later), handing YARP a <see cref="FramePreservingStream"/> to write the apiserver's frames to,
/// which counts the bytes each way and, for an exec or attach, reads how the command ended.
/// </summary>
internal sealed class WebSocketUpgradeFeature(IHttpUpgradeFeature kestrel, HttpContext http, AuditedRequest audit) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => kestrel.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        audit.MarkUpgraded();
        // By now the apiserver's 101 and the subprotocol it chose are the response's.
        var protocol = http.Response.Headers.SecWebSocketProtocol.ToString();
        var observer = audit.Request?.Subresource is "exec" or "attach"
            ? new ErrorChannelReader(audit, protocol.Contains("base64", StringComparison.OrdinalIgnoreCase))
            : null;
        return new FramePreservingStream(await kestrel.UpgradeAsync(), audit, observer);
    }

    /// <summary>Takes Kestrel's place for a request that asks to become a WebSocket; any other request is left as it is.</summary>
    public static void ApplyTo(HttpContext http, AuditedRequest audit)
    {
        if (http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } kestrel
            && http.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        {
            http.Features.Set<IHttpUpgradeFeature>(new WebSocketUpgradeFeature(kestrel, http, audit));
        }
    }
}
