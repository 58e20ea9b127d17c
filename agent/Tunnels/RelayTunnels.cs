using Microsoft.Extensions.Options;
using Paralus.Agent.Configuration;
using Paralus.Agent.Jit;
using Paralus.Agent.Registration;
using Paralus.Domain.Certificates;

namespace Paralus.Agent.Tunnels;

/// <summary>Holds a tunnel to every configured relay once the agent's HTTP server has started.</summary>
internal sealed class RelayTunnels(
    AgentCredentials credentials,
    IOptions<AgentOptions> options,
    IHostApplicationLifetime lifetime,
    TunnelDataConnections connections,
    JitAccountReconciler reconciler,
    JitSweeper sweeper,
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

        // Registration (when needed) comes first: it yields the cluster id, the relays and the certificate.
        var identity = await credentials.WhenReadyAsync(stoppingToken);
        var settings = options.Value;
        var relayCa = PrivateTrust.LoadPem(identity.RelayCaFile);
        var logger = loggers.CreateLogger<RelayTunnel>();
        foreach (var relay in identity.Relays)
        {
            _tunnels.Add(new RelayTunnel(new Uri(relay.TrimEnd('/') + "/"), identity.ClusterId, settings.SpareConnections, () => credentials.ClientCertificate, relayCa, connections, reconciler, sweeper,
                new ReconnectBackoff(TimeSpan.FromMilliseconds(200), settings.MaxReconnectDelay, Random.Shared), time, logger));
        }
        await Task.WhenAll(_tunnels.Select(t => t.RunAsync(kubernetesVersion: null, stoppingToken)));
    }
}
