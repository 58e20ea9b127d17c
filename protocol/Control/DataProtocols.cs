namespace Paralus.TunnelProtocol.Control;

/// <summary>What a data connection may carry besides HTTP/1.1, named in <see cref="AgentHello"/> and <see cref="OpenDataConnection"/>.</summary>
public static class DataProtocols
{
    /// <summary>HTTP/2 with prior knowledge: the relay's forwarder keeps one such connection for many requests at once.</summary>
    public const string Http2 = "h2";
}
