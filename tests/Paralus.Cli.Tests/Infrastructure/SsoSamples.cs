using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>Company sign-in answers as the control plane would send them, dated relative to <see cref="CliTestHost.Now"/>.</summary>
public static class SsoSamples
{
    public static SsoTokenResponse Session { get; } = new(
        "sso-session-token", CliTestHost.Now.AddHours(1), "alice@corp.example", "corp", "refresh-from-sign-in", CliTestHost.Now.AddDays(7));

    public static SsoTokenResponse Renewed { get; } = new(
        "renewed-session-token", CliTestHost.Now.AddHours(1), "alice@corp.example", "corp", "refresh-2", CliTestHost.Now.AddDays(7));

    public static DeviceAuthorizationResponse Device(TimeSpan lifetime, int intervalSeconds = 5) => new(
        "device-code-1", "WDJB-MJHT", "https://login.corp.example/device", "https://login.corp.example/device?user_code=WDJB-MJHT",
        CliTestHost.Now + lifetime, intervalSeconds);

    public static KubectlTokenResponse KubectlToken(TimeSpan lifetime, string token = "kubectl-token-1") =>
        new(token, CliTestHost.Now + lifetime, "alice@corp.example");
}
