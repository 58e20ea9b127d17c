using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>
/// Relay → agent: dial a data connection with this id now, carrying HTTP/1.1, or the named protocol
/// (<see cref="DataProtocols.Http2"/>, only to agents that offered it).
/// </summary>
public sealed record OpenDataConnection(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("protocol")] string? Protocol = null) : TunnelControlMessage;
