using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>Relay → agent, first on every control connection: the session id the agent puts in its data URLs.</summary>
public sealed record RelayWelcome(
    [property: JsonPropertyName("id")] string SessionId,
    [property: JsonPropertyName("protocolVersion")] int ProtocolVersion = TunnelControlMessage.UnannouncedVersion) : TunnelControlMessage;
