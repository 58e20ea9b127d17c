using Paralus.TunnelProtocol;
using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// One agent's control WebSocket to this relay, plus its idle ("spare") data connections and the data
/// connections it has been asked to open but has not dialled yet.
/// </summary>
internal sealed class AgentSession(string clusterId, WebSocket control, TimeProvider time)
{
    private readonly ConcurrentQueue<TunnelStream> _spares = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TunnelStream>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _dropped = new();

    public string ClusterId { get; } = clusterId;

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset ConnectedAt { get; } = time.GetUtcNow();

    public string? AgentVersion { get; set; }

    public string? KubernetesVersion { get; set; }

    /// <summary>The agent said it serves HTTP/2 data connections, so requests can share one instead of a connection each.</summary>
    public bool ServesHttp2 { get; set; }

    public int SpareCount => _spares.Count;

    public bool IsOpen => control.State == WebSocketState.Open;

    /// <summary>Cancelled when the relay drops the session (<see cref="Drop"/>): its data connections end with it.</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>
    /// Ends the session from the relay's side, its control connection and every data connection with it: for a
    /// cluster that no longer exists, whose agent certificate must open nothing any more.
    /// </summary>
    public void Drop()
    {
        control.Abort();
        _dropped.Cancel();
    }

    /// <summary>
    /// A data connection. HTTP/1.1: an idle spare when one is left (asking for a replacement), else one dialled on
    /// request. HTTP/2: always dialled on request; the forwarder keeps it for many requests at once.
    /// </summary>
    public async Task<TunnelStream> ConnectAsync(bool http2, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (!http2 && _spares.TryDequeue(out var spare))
        {
            if (!spare.Closed.IsCompleted)
            {
                _ = SendAsync(new TunnelControlMessage(TunnelControlMessage.Spare), CancellationToken.None);
                return spare;
            }
        }

        var id = Guid.NewGuid().ToString("N");
        var pending = new TaskCompletionSource<TunnelStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        try
        {
            await SendAsync(new TunnelControlMessage(TunnelControlMessage.Open, id, Protocol: http2 ? TunnelControlMessage.Http2 : null), cancellationToken);
            return await pending.Task.WaitAsync(timeout, time, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>An agent dialled a data connection: either one we asked for, or a spare.</summary>
    public void Accept(string connectionId, TunnelStream stream)
    {
        if (_pending.TryRemove(connectionId, out var pending) && pending.TrySetResult(stream)) return;
        _spares.Enqueue(stream);
    }

    public async Task SendAsync(TunnelControlMessage message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await TunnelControlChannel.SendAsync(control, message, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Tells the agent to make these accounts match their access, in messages of bounded size.</summary>
    public async Task SendReconcileAsync(IReadOnlyList<JitAccountAccess> accounts, CancellationToken cancellationToken)
    {
        foreach (var message in TunnelControlMessage.ForAccounts(TunnelControlMessage.Reconcile, accounts)) await SendAsync(message, cancellationToken);
    }

    /// <summary>The control connection ended: spares go with it and nobody waits for a dial that will not come.</summary>
    public async Task CloseAsync()
    {
        while (_spares.TryDequeue(out var spare)) await spare.DisposeAsync();
        foreach (var pending in _pending.Values) pending.TrySetCanceled();
    }
}
