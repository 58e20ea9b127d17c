using k8s;
using k8s.Models;

namespace Paralus.ClientMatrix.CSharp;

/// <summary>What an exec session returned: stdout, the Status frame (channel 3) and the subprotocol.</summary>
internal sealed record ExecOutcome(string Stdout, string Status, string? Protocol)
{
    /// <summary>The exit code as the apiserver reports it: Success is 0, else the ExitCode cause.</summary>
    public int? ExitCode
    {
        get
        {
            if (Status.Length == 0)
            {
                return null;
            }
            var status = KubernetesJson.Deserialize<V1Status>(Status);
            if (status.Status == "Success")
            {
                return 0;
            }
            var cause = status.Reason == "NonZeroExitCode"
                ? status.Details?.Causes?.FirstOrDefault(c => c.Reason == "ExitCode")
                : null;
            return int.TryParse(cause?.Message, out var code) ? code : null;
        }
    }
}
