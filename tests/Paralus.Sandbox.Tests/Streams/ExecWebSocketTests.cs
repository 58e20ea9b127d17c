using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Hosting;

namespace Paralus.Sandbox.Tests.Streams;

/// <summary>pods/exec with a plain ClientWebSocket: the channel protocol byte by byte, over HTTP/1.1 and HTTP/2.</summary>
public sealed class ExecWebSocketTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(new SandboxOptions());
        using var client = _sandbox.CreateHttpClient();
        var pod = """{"metadata":{"name":"shell"},"spec":{"containers":[{"name":"main","image":"busybox","env":[{"name":"GREETING","value":"hello"}]}]}}""";
        var created = await client.PostAsync("/api/v1/namespaces/default/pods", new StringContent(pod, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("1.1", "v5.channel.k8s.io")]
    [InlineData("1.1", "v4.channel.k8s.io")]
    [InlineData("2.0", "v5.channel.k8s.io")]
    public async Task Exec_ShScript_StreamsStdoutStderrAndExitStatus(string httpVersion, string protocol)
    {
        var command = "command=sh&command=-c&command=" + Uri.EscapeDataString("echo $GREETING; cat /nope; exit 4");
        var (frames, socket) = await RunAsync($"exec?{command}&stdout=true&stderr=true", protocol, Version.Parse(httpVersion), stdin: null);
        Assert.Equal(protocol, socket);
        Assert.Equal("hello\n", Text(frames, 1));
        Assert.Equal("cat: /nope: No such file or directory\n", Text(frames, 2));
        var status = JsonNode.Parse(Text(frames, 3))!;
        Assert.Equal("Failure", status["status"]!.ToString());
        Assert.Equal("NonZeroExitCode", status["reason"]!.ToString());
        Assert.Equal("4", status["details"]!["causes"]![0]!["message"]!.ToString());
    }

    [Fact]
    public async Task Exec_CatWithV5StdinClose_EchoesAndSucceeds()
    {
        var (frames, _) = await RunAsync("exec?command=cat&stdin=true&stdout=true&stderr=true", "v5.channel.k8s.io", HttpVersion.Version11, stdin: "ping\n");
        Assert.Equal("ping\n", Text(frames, 1));
        Assert.Equal("""{"metadata":{},"status":"Success"}""", Text(frames, 3));
    }

    [Theory]
    [InlineData("v4.channel.k8s.io")]
    [InlineData("v5.channel.k8s.io")]
    public async Task ExecTty_ShellThenCtrlD_EchoesKeysAndEndsWithSuccess(string protocol)
    {
        var (frames, _) = await RunAsync("exec?command=sh&stdin=true&stdout=true&tty=true", protocol, HttpVersion.Version11, stdin: "echo $GREETING\r\u0004", closeStdin: false);
        Assert.Equal("/ # echo $GREETING\r\nhello\r\n/ # \r\n", Text(frames, 1));
        Assert.Equal("""{"metadata":{},"status":"Success"}""", Text(frames, 3));
    }

    [Fact]
    public async Task Exec_ShellWithoutTty_RunsStdinLinesUntilItCloses()
    {
        var (frames, _) = await RunAsync("exec?command=sh&stdin=true&stdout=true&stderr=true", "v5.channel.k8s.io", HttpVersion.Version11, stdin: "echo one\nexit 3\necho never\n");
        Assert.Equal("one\n", Text(frames, 1));
        Assert.Contains("\"message\":\"3\"", Text(frames, 3), StringComparison.Ordinal);
    }

    private async Task<(List<(byte Channel, byte[] Data)> Frames, string? Protocol)> RunAsync(string query, string protocol, Version version, string? stdin, bool closeStdin = true)
    {
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = version;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.AddSubProtocol(protocol);
        socket.Options.SetRequestHeader("Authorization", $"Bearer {_sandbox.AdminToken}");
        var ca = _sandbox.CaCertificate;
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
        };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var uri = new Uri($"wss://127.0.0.1:{_sandbox.Url.Port}/api/v1/namespaces/default/pods/shell/{query}");
        using var invoker = version == HttpVersion.Version20 ? new HttpMessageInvoker(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = socket.Options.RemoteCertificateValidationCallback },
        }) : null;
        if (invoker is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = null;
            await socket.ConnectAsync(uri, invoker, cancel.Token);
        }
        else
        {
            await socket.ConnectAsync(uri, cancel.Token);
        }

        if (stdin is not null)
        {
            await socket.SendAsync(new byte[] { 0 }.Concat(Encoding.UTF8.GetBytes(stdin)).ToArray(), WebSocketMessageType.Binary, true, cancel.Token);
            if (closeStdin) await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, cancel.Token);
        }

        var frames = new List<(byte, byte[])>();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close) break;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var bytes = message.ToArray();
            message.SetLength(0);
            if (bytes.Length > 0) frames.Add((bytes[0], bytes[1..]));
        }
        return (frames, socket.SubProtocol);
    }

    private static string Text(List<(byte Channel, byte[] Data)> frames, byte channel) =>
        string.Concat(frames.Where(f => f.Channel == channel).Select(f => Encoding.UTF8.GetString(f.Data)));
}
