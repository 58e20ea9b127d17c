using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paralus.Cli.Kubectl;

/// <summary>
/// What kubectl tells a credential plugin in <c>KUBERNETES_EXEC_INFO</c>: the API version it expects back, and whether
/// a person is there to answer a prompt. Without the variable: v1, not interactive.
/// </summary>
internal sealed record ExecInfo(string ApiVersion, bool Interactive)
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    public static ExecInfo Read(CliEnvironment environment)
    {
        if (environment.Variable("KUBERNETES_EXEC_INFO") is not { } text)
        {
            return new ExecInfo(V1, Interactive: false);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new CliUsageException($"KUBERNETES_EXEC_INFO is not JSON ({exception.Message}).");
        }

        var apiVersion = node?["apiVersion"]?.GetValueKind() == JsonValueKind.String ? (string?)node["apiVersion"] : null;
        if (apiVersion is not (V1 or V1Beta1))
        {
            throw new CliUsageException($"kubectl asked for ExecCredential API version '{apiVersion}'; paralus speaks {V1} and {V1Beta1}.");
        }

        var interactive = node?["spec"]?["interactive"]?.GetValueKind() == JsonValueKind.True;
        return new ExecInfo(apiVersion, interactive);
    }
}
