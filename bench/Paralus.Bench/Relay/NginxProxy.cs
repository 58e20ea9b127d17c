using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// A private nginx (own config, pid, logs and temp folders; <c>daemon off</c>) terminating TLS on a loopback port and
/// proxying to the sandbox over kept-alive HTTPS: the "just a proxy" baseline. Upgrades pass through like the relay's.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private NginxProxy(Process process, string folder, HttpTarget target)
    {
        _process = process;
        _folder = folder;
        Target = target;
    }

    public HttpTarget Target { get; }

    /// <summary>The master process; its workers are its children.</summary>
    public int Pid => _process.Id;

    /// <summary>The nginx executable, or null when the Debian package is not installed.</summary>
    public static string? FindExecutable() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    /// <param name="cpus">A <see cref="CpuAffinity"/> CPU list for the master and its workers; null for any.</param>
    public static async Task<NginxProxy> StartAsync(string executable, Uri sandbox, string bearerToken, string? cpus = null)
    {
        var folder = Directory.CreateTempSubdirectory("paralus-bench-nginx-").FullName;
        WriteServerCertificate(folder);
        var port = FreePort.Next();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(folder, port, sandbox.Port));
        var start = CpuAffinity.StartInfo(cpus, executable, "-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log"));
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, folder, new HttpTarget("nginx", new Uri($"https://127.0.0.1:{port}/"), "/", bearerToken));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var log = Path.Combine(folder, "error.log");
                var reason = File.Exists(log) ? await File.ReadAllTextAsync(log) : "no error log";
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start: {reason}");
            }
        }
    }

    /// <summary>
    /// Two workers for two cores, like the relay's thread pool. The map keeps upstream keep-alive for plain requests
    /// (empty Connection header) while passing upgrades on; keepalive_requests is raised so nginx does not close
    /// client or upstream connections after its default 1,000 requests mid-measurement.
    /// </summary>
    private static string Config(string folder, int port, int sandboxPort) => $$"""
        worker_processes 2;
        daemon off;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 8192; }
        http {
            access_log off;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            keepalive_requests 1000000;
            keepalive_timeout 300s;
            map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
            upstream sandbox {
                server 127.0.0.1:{{sandboxPort}};
                keepalive 64;
                keepalive_requests 1000000;
            }
            server {
                listen 127.0.0.1:{{port}} ssl http2;
                ssl_certificate {{folder}}/server.crt;
                ssl_certificate_key {{folder}}/server.key;
                location / {
                    proxy_pass https://sandbox;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_ssl_verify off;
                    proxy_ssl_session_reuse on;
                    proxy_buffering off;
                    proxy_read_timeout 300s;
                }
            }
        }
        """;

    private static void WriteServerCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "server.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public async ValueTask DisposeAsync()
    {
        // The workers are children of the master: killing the tree leaves no nginx behind.
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
