namespace Paralus.Cli.Kubectl;

/// <summary>What a kubectl credential plugin prints on stdout (client.authentication.k8s.io).</summary>
internal sealed record ExecCredential(string ApiVersion, string Kind, ExecCredentialStatus Status)
{
    public static ExecCredential For(string apiVersion, ExecCredentialStatus status) => new(apiVersion, "ExecCredential", status);
}
