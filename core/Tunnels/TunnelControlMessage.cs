using System.Text.Json.Serialization;

namespace Paralus.Core.Tunnels;

/// <summary>
/// A message on an agent's control WebSocket. Relay → agent: <c>welcome</c> (the session id to put in data URLs),
/// <c>open</c> (dial a data connection with this id now) and <c>spare</c> (dial one more idle data connection).
/// Agent → relay: <c>hello</c> with its versions.
/// </summary>
public sealed record TunnelControlMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string? Id = null,
    [property: JsonPropertyName("agentVersion")] string? AgentVersion = null,
    [property: JsonPropertyName("kubernetesVersion")] string? KubernetesVersion = null)
{
    public const string Open = "open";
    public const string Spare = "spare";
    public const string Hello = "hello";
    public const string Welcome = "welcome";
}
