using Microsoft.AspNetCore.Http.Features;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>/sandbox/echo-upgrade</c>: answers any HTTP/1.1 <c>Upgrade</c> (GET or POST) with 101 and
/// then echoes every byte back, so a proxy's tests can prove that upgraded connections pass
/// through byte for byte without needing SPDY or port-forward here.
/// </summary>
internal static class EchoUpgrade
{
    public static IEndpointRouteBuilder MapEchoUpgrade(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(AccessControl.EchoUpgradePath, [HttpMethods.Get, HttpMethods.Post], HandleAsync);
        return routes;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
        {
            await JsonResponses.WriteStatusAsync(context, StatusException.BadRequest("send an HTTP/1.1 request with 'Connection: Upgrade' and an 'Upgrade' header"));
            return;
        }
        context.Response.Headers.Upgrade = context.Request.Headers.Upgrade;
        await using var stream = await upgrade.UpgradeAsync();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await stream.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The peer closed the connection.
        }
    }
}
