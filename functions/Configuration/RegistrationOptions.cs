namespace Paralus.Functions.Configuration;

/// <summary>What agents are told at bootstrap and registration (section <c>Paralus:Registration</c>).</summary>
public sealed class RegistrationOptions
{
    public const string SectionName = "Paralus:Registration";

    /// <summary>The control plane's URL as agents reach it, written into the install manifest.</summary>
    public string ControlPlaneUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Agent endpoints of every relay instance, comma-separated (e.g. <c>https://relay-1:7444,https://relay-2:7444</c>).</summary>
    public string RelayAgentUrls { get; set; } = "https://127.0.0.1:7444";

    /// <summary>How long a bootstrap token may wait for its agent.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Validity of agent certificates; agents renew when a third of it is left.</summary>
    public TimeSpan AgentCertificateValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The agent image in the manifest. The published image is a placeholder until a registry is chosen.</summary>
    public string AgentImage { get; set; } = "ghcr.io/paralus-cloud/agent:0.1.0";

    public IReadOnlyList<string> RelayAgentUrlList =>
        RelayAgentUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
