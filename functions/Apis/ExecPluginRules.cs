using System.Text.RegularExpressions;
using Paralus.Domain.Contracts;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

/// <summary>What an exec kubeconfig request may ask kubectl to run: bounded, printable, well-named environment variables.</summary>
internal static partial class ExecPluginRules
{
    private const int MaxArgs = 20;
    private const int MaxEnv = 20;
    private const int MaxLength = 1024;

    public static ValidationProblem? Check(IssueKubeconfigRequest request)
    {
        if (request.Credential is not (null or IssueKubeconfigRequest.CertificateCredential or IssueKubeconfigRequest.ExecCredential))
        {
            return Problems.Invalid("credential", "credential must be certificate or exec.");
        }
        if (request.Exec is not { } plugin) return null;
        if (request.Credential != IssueKubeconfigRequest.ExecCredential) return Problems.Invalid("exec", "exec is only for credential exec.");
        if (!Printable(plugin.Command)) return Problems.Invalid("exec.command", $"exec.command must be 1 to {MaxLength} printable characters.");
        if (plugin.Args is { } args && (args.Count > MaxArgs || !args.All(Printable))) return Problems.Invalid("exec.args", $"exec.args must be at most {MaxArgs} printable arguments.");
        if (plugin.Env is { } env && (env.Count > MaxEnv || !env.All(e => EnvName().IsMatch(e.Key) && e.Value.Length <= MaxLength && !e.Value.Any(char.IsControl))))
        {
            return Problems.Invalid("exec.env", $"exec.env must be at most {MaxEnv} variables with names like PARALUS_CONFIG and printable values.");
        }
        return null;
    }

    private static bool Printable(string value) => value.Length is > 0 and <= MaxLength && !value.Any(char.IsControl);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
