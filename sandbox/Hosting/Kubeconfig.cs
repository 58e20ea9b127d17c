using System.Text;

namespace Paralus.Sandbox.Hosting;

/// <summary>Writes the admin kubeconfig: bearer token, CA embedded, namespace default.</summary>
internal static class Kubeconfig
{
    public static string Render(string name, string server, string caPem, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {name}
          cluster:
            server: {server}
            certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}
        contexts:
        - name: {name}
          context:
            cluster: {name}
            user: {name}-admin
            namespace: default
        current-context: {name}
        users:
        - name: {name}-admin
          user:
            token: {token}
        preferences: {"{}"}

        """;
}
