using Paralus.Core.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Relay.Proxy;

/// <summary>
/// Rewrites a user's request for the agent: drops the cluster prefix, removes what <see cref="ForwardingHeaders"/>
/// says a client may not send, then adds the relay's own <c>X-Paralus-*</c> headers.
/// </summary>
internal sealed class ClusterRequestTransformer : HttpTransformer
{
    /// <summary>The raw path and query, cluster prefix removed.</summary>
    public const string ForwardedPathKey = "paralus.forwarded-path";
    public const string InternalHeadersKey = "paralus.internal-headers";

    public static ClusterRequestTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        // The path and query the relay decided on, as the user sent them (ClusterRequestTarget), never re-encoded.
        proxyRequest.RequestUri = ForwardedUri.Create(destinationPrefix, (string)httpContext.Items[ForwardedPathKey]!);
        proxyRequest.Headers.Host = null;

        ForwardingHeaders.Strip(proxyRequest.Headers);
        if (httpContext.Items[InternalHeadersKey] is IReadOnlyDictionary<string, string> internalHeaders)
        {
            foreach (var (name, value) in internalHeaders) proxyRequest.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
