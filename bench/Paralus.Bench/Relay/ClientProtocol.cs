namespace Paralus.Bench.Relay;

/// <summary>
/// How a benchmark client speaks to a path: HTTP/2, as kubectl does by default (client-go configures it on every TLS
/// transport), or HTTP/1.1, as kubectl does with <c>DISABLE_HTTP2</c> set.
/// </summary>
internal enum ClientProtocol
{
    Http2,
    Http11,
}

internal static class ClientProtocolNames
{
    public static string Name(this ClientProtocol protocol) => protocol == ClientProtocol.Http2 ? "HTTP/2" : "HTTP/1.1";
}
