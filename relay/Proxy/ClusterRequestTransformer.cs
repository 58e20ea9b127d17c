using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Paralus.TunnelProtocol;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Relay.Proxy;

/// <summary>
/// Rewrites a user's request for the agent as <see cref="ClusterForwarding"/> says: the path and query as the user
/// sent them, without the cluster prefix; removes what <see cref="ForwardingHeaders"/> says a client may not send,
/// then adds the relay's own <c>X-Paralus-*</c> headers and its <c>Audit-ID</c> (replacing a client's). Sends a streaming answer's headers as soon as they come.
/// </summary>
internal sealed class ClusterRequestTransformer : HttpTransformer
{
    public static ClusterRequestTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var forwarding = httpContext.Features.GetRequiredFeature<ClusterForwarding>();

        // The path and query the relay decided on, as the user sent them (ClusterRequestTarget), never re-encoded.
        proxyRequest.RequestUri = ForwardedUri.Create(destinationPrefix, forwarding.PathAndQuery);
        proxyRequest.Headers.Host = null;

        ForwardingHeaders.Strip(proxyRequest.Headers);
        proxyRequest.Headers.Remove(ForwardingHeaders.AuditId);
        proxyRequest.Headers.TryAddWithoutValidation(ForwardingHeaders.AuditId, forwarding.AuditId);
        proxyRequest.Headers.TryAddWithoutValidation(ForwardingHeaders.User, forwarding.UserName);
        proxyRequest.Headers.TryAddWithoutValidation(JitAccessHeader.Name, forwarding.AccessHeader);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        // YARP starts a response with its first body bytes; a quiet watch has none for minutes, and client-go,
        // informers and `kubectl wait` wait for its headers. Upgrades (101) are left to YARP.
        if (proceed && proxyResponse?.StatusCode == HttpStatusCode.OK && httpContext.Features.Get<ClusterForwarding>()?.Streams == true)
        {
            await httpContext.Response.Body.FlushAsync(cancellationToken);
        }

        return proceed;
    }
}
