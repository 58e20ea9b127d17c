using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Paralus.Domain.Clusters;

namespace Paralus.Agent.Registration;

/// <summary>Keeps the agent's certificate, key and relay CA in a secret of <c>paralus-system</c>, so a new pod needs no new token.</summary>
internal sealed class CertificateSecretStore(IKubernetes client, string name)
{
    private const string CertificateKey = "tls.crt";
    private const string KeyKey = "tls.key";
    private const string RelayCaKey = "relay-ca.crt";

    public async Task<(string Certificate, string Key, string RelayCa)?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, AgentBootstrapManifest.Namespace, cancellationToken: cancellationToken);
            return secret.Data is { } data && data.TryGetValue(CertificateKey, out var certificate) && data.TryGetValue(KeyKey, out var key)
                ? (Encoding.ASCII.GetString(certificate), Encoding.ASCII.GetString(key), data.TryGetValue(RelayCaKey, out var ca) ? Encoding.ASCII.GetString(ca) : string.Empty)
                : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task SaveAsync(string certificate, string key, string relayCa, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = AgentBootstrapManifest.Namespace },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]>
            {
                [CertificateKey] = Encoding.ASCII.GetBytes(certificate),
                [KeyKey] = Encoding.ASCII.GetBytes(key),
                [RelayCaKey] = Encoding.ASCII.GetBytes(relayCa),
            },
        };
        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, AgentBootstrapManifest.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, AgentBootstrapManifest.Namespace, cancellationToken: cancellationToken);
        }
    }
}
