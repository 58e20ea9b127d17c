using System.Text.Json;
using k8s.Autorest;
using Paralus.Agent.Jit;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Who a forwarded request runs as in the cluster: the just-in-time service account of the user the relay named,
/// with the access the relay granted. Both ways to the apiserver (HTTP/2 frames, HTTP/1.1 upgrades) ask here, so
/// they refuse the same requests with the same words.
/// </summary>
internal sealed partial class UserCredentials(JitAccessSpecs specs, JitServiceAccounts accounts, ILogger<UserCredentials> logger)
{
    /// <param name="user">The relay's <c>X-Paralus-User</c> header; null or empty when absent.</param>
    /// <param name="access">The relay's <c>X-Paralus-Access</c> header; null when absent.</param>
    public async ValueTask<CredentialsResult> ForAsync(string? user, string? access, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user) || specs.For(user, access ?? string.Empty) is not { } spec)
        {
            // Deny by default: only a relay says who a request is for.
            return CredentialsResult.Refused(StatusCodes.Status403Forbidden, "Forbidden", "the request did not come through a Paralus relay");
        }
        try
        {
            return CredentialsResult.Bearer(await accounts.GetTokenAsync(spec, cancellationToken));
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // Not the user's doing, and nothing they can fix: say what the cluster told the agent.
            var reason = ReasonOf(e);
            LogProvisioningFailed(logger, spec.ServiceAccountName, reason);
            return CredentialsResult.Refused(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                $"Paralus could not prepare service account {spec.ServiceAccountName} in this cluster: {reason}");
        }
    }

    /// <summary>The apiserver's answer to the agent (its Status message when it sent one), or why it could not be reached.</summary>
    private static string ReasonOf(Exception e)
    {
        if (e is not HttpOperationException { Response: { } response }) return $"the apiserver could not be reached: {e.Message}";
        var answer = $"the apiserver answered the agent {(int)response.StatusCode} {response.StatusCode}";
        try
        {
            using var status = JsonDocument.Parse(response.Content ?? string.Empty);
            return status.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? $"{answer}: {message.GetString()}" : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Could not prepare JIT service account {ServiceAccount}: {Reason}")]
    private static partial void LogProvisioningFailed(ILogger logger, string serviceAccount, string reason);
}
