namespace Paralus.TunnelProtocol.Control;

/// <summary>Relay → agent: dial one more idle HTTP/1.1 data connection, to replace a spare the relay has used.</summary>
public sealed record SpareDataConnection : TunnelControlMessage;
