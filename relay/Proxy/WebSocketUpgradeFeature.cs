using Microsoft.AspNetCore.Http.Features;

namespace Paralus.Relay.Proxy;

/// <summary>
/// Kestrel's upgrade of a WebSocket request (exec, attach and port-forward of the Python, C# and JavaScript clients,
/// kubectl 1.30 and later), handing YARP a <see cref="FramePreservingStream"/> to write the apiserver's frames to.
/// </summary>
internal sealed class WebSocketUpgradeFeature(IHttpUpgradeFeature kestrel) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => kestrel.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => new FramePreservingStream(await kestrel.UpgradeAsync());

    /// <summary>Takes Kestrel's place for a request that asks to become a WebSocket; any other request is left as it is.</summary>
    public static void ApplyTo(HttpContext http)
    {
        if (http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } kestrel
            && http.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        {
            http.Features.Set<IHttpUpgradeFeature>(new WebSocketUpgradeFeature(kestrel));
        }
    }
}
