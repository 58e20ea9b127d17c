using Microsoft.AspNetCore.Http.Features;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// The HTTP side of a SPDY/3.1 stream upgrade: pick a protocol from
/// <c>X-Stream-Protocol-Version</c>, answer 101 with it and hand back the raw connection.
/// </summary>
internal static class SpdyUpgrade
{
    public const string ProtocolHeader = "X-Stream-Protocol-Version";

    public static bool IsRequested(HttpContext context) =>
        context.Request.Headers.Upgrade.ToString().Contains("SPDY/3.1", StringComparison.OrdinalIgnoreCase);

    public static string Negotiate(HttpContext context, IReadOnlyList<string> supported)
    {
        var offered = context.Request.Headers[ProtocolHeader]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        return supported.FirstOrDefault(offered.Contains)
            ?? throw new StatusException(403, "Forbidden", $"unable to upgrade: none of the requested stream protocols ({string.Join(", ", offered)}) is supported; supported: {string.Join(", ", supported)}");
    }

    public static async Task<Stream> AcceptAsync(HttpContext context, string protocol)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
            throw StatusException.BadRequest("SPDY/3.1 needs an HTTP/1.1 request with 'Connection: Upgrade'");
        context.Response.Headers.Upgrade = "SPDY/3.1";
        context.Response.Headers[ProtocolHeader] = protocol;
        return await upgrade.UpgradeAsync();
    }
}
