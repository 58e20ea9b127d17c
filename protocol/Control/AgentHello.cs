using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>
/// Agent → relay, first on every control connection: the agent's versions and the data protocols it serves besides
/// HTTP/1.1 (<see cref="DataProtocols.Http2"/>).
/// </summary>
public sealed record AgentHello(
    [property: JsonPropertyName("agentVersion")] string? AgentVersion = null,
    [property: JsonPropertyName("kubernetesVersion")] string? KubernetesVersion = null,
    [property: JsonPropertyName("dataProtocols")] IReadOnlyList<string>? DataProtocols = null,
    [property: JsonPropertyName("protocolVersion")] int ProtocolVersion = TunnelControlMessage.UnannouncedVersion) : TunnelControlMessage;
