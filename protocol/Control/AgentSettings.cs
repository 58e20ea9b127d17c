using System.Text.Json.Serialization;
using Paralus.Domain.Model;

namespace Paralus.TunnelProtocol.Control;

/// <summary>Relay → agent: the organization's service-account inactivity timeout, for the agent's sweeper.</summary>
public sealed record AgentSettings(
    [property: JsonPropertyName("inactivityTimeoutSeconds")] long InactivityTimeoutSeconds) : TunnelControlMessage
{
    public static AgentSettings Of(OrganizationSettings settings) => new((long)settings.ServiceAccountInactivityTimeout.TotalSeconds);
}
