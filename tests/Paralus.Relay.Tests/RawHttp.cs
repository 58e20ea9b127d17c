using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Paralus.Relay.Tests;

/// <summary>
/// One HTTP/1.1 request over TLS written byte for byte, as <c>curl --path-as-is</c> sends it: no client library gets
/// the chance to normalize the target first. The connection closes after the answer.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Text);

    public static async Task<Response> SendAsync(Uri server, string method, string target, string bearerToken, string? jsonBody = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Host, ApplicationProtocols = [SslApplicationProtocol.Http11] });
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {bearerToken}\r\nConnection: close\r\n")
            .Append(jsonBody is null ? "" : $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n")
            .Append("\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await tls.WriteAsync(body);
        await tls.FlushAsync();
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var statusLine = text[..text.IndexOf('\r')];
        return new Response(int.Parse(statusLine.Split(' ')[1]), text);
    }
}
