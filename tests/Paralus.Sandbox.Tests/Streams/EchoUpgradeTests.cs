using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Paralus.Sandbox.Hosting;
using Paralus.Testing;

namespace Paralus.Sandbox.Tests.Streams;

public sealed class EchoUpgradeTests
{
    [Fact]
    public async Task EchoUpgrade_AfterSwitchingProtocols_EchoesBytesExactly()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", sandbox.Url.Port);
        var ca = sandbox.CaCertificate;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });

        var request = $"POST /sandbox/echo-upgrade HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {sandbox.AdminToken}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await HttpResponseHead.ReadAsync(tls);
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Contains("Upgrade: SPDY/3.1", head, StringComparison.OrdinalIgnoreCase);

        var payload = new byte[256 * 1024];
        new Random(7).NextBytes(payload);
        var writing = Task.Run(async () => await tls.WriteAsync(payload));
        var echoed = new byte[payload.Length];
        var read = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (read < echoed.Length)
        {
            var n = await tls.ReadAsync(echoed.AsMemory(read), cancel.Token);
            Assert.NotEqual(0, n);
            read += n;
        }
        await writing;
        Assert.Equal(payload, echoed);
    }
}
