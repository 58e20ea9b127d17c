using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Paralus.Agent.Configuration;
using Paralus.Agent.Jit;
using Paralus.Domain.Certificates;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Agent.Tunnels;

/// <summary>
/// The agent's tunnel to one relay: a control WebSocket held open (reconnected with backoff), spare data
/// connections kept warm, and a data connection dialled whenever the relay asks, for HTTP/1.1 or (multiplexed)
/// HTTP/2. Each data connection is handed to the local forwarder as a plain byte stream.
/// </summary>
internal sealed partial class RelayTunnel(
    Uri relay,
    string clusterId,
    int spares,
    Func<X509Certificate2> clientCertificate,
    X509Certificate2 relayCa,
    TunnelDataConnections connections,
    JitAccountReconciler reconciler,
    JitSweeper sweeper,
    ReconnectBackoff backoff,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan HealthyConnection = TimeSpan.FromSeconds(30);

    public bool IsConnected { get; private set; }

    public async Task RunAsync(string? kubernetesVersion, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var connectedAt = time.GetUtcNow();
            try
            {
                await RunSessionAsync(kubernetesVersion, stoppingToken);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or JsonException
                                      || (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                LogTunnelLost(logger, relay, e.Message);
            }
            finally
            {
                IsConnected = false;
            }

            if (stoppingToken.IsCancellationRequested) return;
            if (time.GetUtcNow() - connectedAt > HealthyConnection) backoff.Reset();
            var delay = backoff.Next();
            LogReconnecting(logger, relay, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunSessionAsync(string? kubernetesVersion, CancellationToken stoppingToken)
    {
        using var control = await ConnectAsync(new Uri(relay, "agent/v1/control"), stoppingToken);
        await TunnelControlChannel.SendAsync(control, new AgentHello(AgentVersionInfo.Version, kubernetesVersion, [DataProtocols.Http2],
            TunnelControlMessage.CurrentVersion), stoppingToken);
        string? sessionId = null;
        while (await TunnelControlChannel.ReadAsync(control, stoppingToken) is { } message)
        {
            switch (message)
            {
                case RelayWelcome welcome:
                    sessionId = welcome.SessionId;
                    IsConnected = true;
                    backoff.Reset();
                    LogTunnelUp(logger, relay, clusterId, welcome.ProtocolVersion);
                    for (var i = 0; i < spares; i++) DialInBackground(sessionId!, "spare-" + Guid.NewGuid().ToString("N"), http2: false, stoppingToken);
                    SyncInBackground(control, stoppingToken);
                    break;
                case ReconcileAccounts reconcile:
                    reconciler.Enqueue(reconcile.Accounts);
                    break;
                case AgentSettings { InactivityTimeoutSeconds: > 0 and var seconds }:
                    sweeper.InactivityTimeout = TimeSpan.FromSeconds(seconds);
                    break;
                case OpenDataConnection open when sessionId is not null:
                    DialInBackground(sessionId, open.Id, open.Protocol == DataProtocols.Http2, stoppingToken);
                    break;
                case SpareDataConnection when sessionId is not null:
                    DialInBackground(sessionId, "spare-" + Guid.NewGuid().ToString("N"), http2: false, stoppingToken);
                    break;
            }
        }
    }

    /// <summary>
    /// Reports the accounts this agent holds; the relay answers with a reconcile for them, which catches up on every
    /// change missed while the tunnel was down. The control loop only receives, so this is the socket's only sender.
    /// </summary>
    private void SyncInBackground(WebSocket control, CancellationToken stoppingToken) => _ = Task.Run(async () =>
    {
        try
        {
            var held = await reconciler.HeldAsync(stoppingToken);
            foreach (var chunk in TunnelControlMessage.InChunks(held)) await TunnelControlChannel.SendAsync(control, new SyncAccounts(chunk), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSyncFailed(logger, relay, e.Message);
        }
    }, CancellationToken.None);

    private void DialInBackground(string sessionId, string connectionId, bool http2, CancellationToken stoppingToken) => _ = Task.Run(async () =>
    {
        try
        {
            var socket = await ConnectAsync(new Uri(relay, $"agent/v1/data/{sessionId}/{connectionId}"), stoppingToken);
            await using var stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true);
            await connections.ServeAsync(stream, http2, stoppingToken);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogDataConnectionEnded(logger, relay, e.Message);
        }
    }, CancellationToken.None);

    private async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // Asked per connection: a renewed certificate is used from the next dial on.
        socket.Options.ClientCertificates.Add(clientCertificate());
        socket.Options.RemoteCertificateValidationCallback = ValidateRelay;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var wss = new UriBuilder(uri) { Scheme = uri.Scheme == "http" ? "ws" : "wss" }.Uri;
        try
        {
            await socket.ConnectAsync(wss, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Only the relay CA from the agent's configuration is trusted, never the machine's roots.</summary>
    private bool ValidateRelay(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        return certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && PrivateTrust.ChainsTo(certificate, [relayCa]);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Tunnel to {Relay} is up for cluster {ClusterId} (tunnel protocol {ProtocolVersion})")]
    private static partial void LogTunnelUp(ILogger logger, Uri relay, string clusterId, int protocolVersion);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Tunnel to {Relay} lost: {Reason}")]
    private static partial void LogTunnelLost(ILogger logger, Uri relay, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Reconnecting to {Relay} in {DelayMs:F0} ms")]
    private static partial void LogReconnecting(ILogger logger, Uri relay, double delayMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Could not report held service accounts to {Relay}: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, Uri relay, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Data connection to {Relay} ended: {Reason}")]
    private static partial void LogDataConnectionEnded(ILogger logger, Uri relay, string reason);
}
