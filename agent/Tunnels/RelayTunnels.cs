using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Hosting;

namespace Paralus.Agent.Tunnels;

/// <summary>Holds a tunnel to every configured relay once the agent's loopback server is listening.</summary>
internal sealed class RelayTunnels(
    IOptions<AgentOptions> options,
    IHostApplicationLifetime lifetime,
    IServer server,
    LocalForwarderBridge bridge,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly List<RelayTunnel> _tunnels = [];

    public int ConnectedCount => _tunnels.Count(t => t.IsConnected);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        bridge.Bind(new Uri(address).Port);

        var settings = options.Value;
        using var certificate = X509Certificate2.CreateFromPemFile(settings.CertificateFile, settings.KeyFile);
        var clientCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var relayCa = X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(settings.RelayCaFile)).RawData);
        var logger = loggers.CreateLogger<RelayTunnel>();
        foreach (var relay in settings.Relays)
        {
            _tunnels.Add(new RelayTunnel(new Uri(relay.TrimEnd('/') + "/"), settings.ClusterId, settings.SpareConnections, clientCertificate, relayCa, bridge,
                new ReconnectBackoff(TimeSpan.FromMilliseconds(200), settings.MaxReconnectDelay, Random.Shared), time, logger));
        }
        await Task.WhenAll(_tunnels.Select(t => t.RunAsync(kubernetesVersion: null, stoppingToken)));
    }
}
