using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Certificates;
using k8s;

namespace Paralus.Agent.ApiServer;

/// <summary>
/// Where and how the agent reaches its cluster's apiserver: from a kubeconfig beside a sandbox, or the in-cluster
/// service account. Only the apiserver's own CA is trusted.
/// </summary>
internal sealed class ApiServerTarget
{
    private readonly X509Certificate2Collection _caCertificates;

    private ApiServerTarget(KubernetesClientConfiguration configuration, X509Certificate2Collection caCertificates, DelegatingHandler[] clientHandlers)
    {
        Server = new Uri(configuration.Host);
        _caCertificates = caCertificates;
        Client = new Kubernetes(configuration, clientHandlers);
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = IsApiServer,
            },
        });
    }

    public Uri Server { get; }

    /// <summary>The agent's own client (its service account): it manages the JIT objects; users' requests never use it.</summary>
    public IKubernetes Client { get; }

    /// <summary>What a user is told when the agent cannot reach the apiserver (the relay's answer would only say "tunnel").</summary>
    public string UnreachableMessage(string reason) => $"the Paralus agent could not reach this cluster's apiserver at {Server}: {reason}";

    /// <summary>The HTTP client of HTTP/1.1 data connections (upgrades).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>A TLS connection to the apiserver that speaks HTTP/2, for <see cref="Forwarding.Http2.Http2FrameForwarder"/>.</summary>
    public async Task<SslStream> ConnectHttp2Async(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            await socket.ConnectAsync(Server.Host, Server.Port, cancellationToken);
            tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = Server.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                RemoteCertificateValidationCallback = IsApiServer,
            }, cancellationToken);
            if (tls.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2) throw new IOException($"the apiserver at {Server} does not offer HTTP/2");
            return tls;
        }
        catch
        {
            if (tls is not null) await tls.DisposeAsync();
            socket.Dispose();
            throw;
        }
    }

    private bool IsApiServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && PrivateTrust.ChainsTo(certificate, _caCertificates);

    /// <param name="clientHandlers">Wrap the agent's own <see cref="Client"/> (tests count its calls); users' requests never pass them.</param>
    public static ApiServerTarget Load(string? kubeconfigPath, params DelegatingHandler[] clientHandlers)
    {
        var config = string.IsNullOrEmpty(kubeconfigPath)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        return new ApiServerTarget(config, config.SslCaCerts ?? [], clientHandlers);
    }
}
