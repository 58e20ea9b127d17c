using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Paralus.Core.Certificates;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Where and how the agent reaches its cluster's apiserver: from a kubeconfig beside a sandbox, or the in-cluster
/// service account. Only the apiserver's own CA is trusted.
/// </summary>
internal sealed class ApiServerTarget
{
    private ApiServerTarget(KubernetesClientConfiguration configuration, X509Certificate2Collection caCertificates, DelegatingHandler[] clientHandlers)
    {
        Server = new Uri(configuration.Host);
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
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && PrivateTrust.ChainsTo(certificate, caCertificates),
            },
        });
    }

    public Uri Server { get; }

    /// <summary>The agent's own client (its service account): it manages the JIT objects; users' requests never use it.</summary>
    public IKubernetes Client { get; }

    public HttpMessageInvoker Invoker { get; }

    /// <param name="clientHandlers">Wrap the agent's own <see cref="Client"/> (tests count its calls); users' requests never pass them.</param>
    public static ApiServerTarget Load(string? kubeconfigPath, params DelegatingHandler[] clientHandlers)
    {
        var config = string.IsNullOrEmpty(kubeconfigPath)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        return new ApiServerTarget(config, config.SslCaCerts ?? [], clientHandlers);
    }
}
