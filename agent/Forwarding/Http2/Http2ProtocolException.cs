namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// A relay connection that breaks HTTP/2's or HPACK's rules, or uses what the agent does not accept: the agent ends
/// the connection rather than pass on what it could not read.
/// </summary>
internal sealed class Http2ProtocolException(string message) : Exception(message);
