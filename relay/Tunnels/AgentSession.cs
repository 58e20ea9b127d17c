using System.Collections.Concurrent;
using System.Net.WebSockets;
using Paralus.TunnelProtocol.Control;

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

    public string? AgentVersion { get; private set; }

    public string? KubernetesVersion { get; private set; }

    /// <summary>The tunnel protocol version the agent announced in its hello; until then, the oldest.</summary>
    public int ProtocolVersion { get; private set; } = TunnelControlMessage.UnannouncedVersion;

    /// <summary>The agent said it serves HTTP/2 data connections, so requests can share one instead of a connection each.</summary>
    public bool ServesHttp2 { get; private set; }

    public void Greeted(AgentHello hello)
    {
        AgentVersion = hello.AgentVersion;
        KubernetesVersion = hello.KubernetesVersion;
        ProtocolVersion = hello.ProtocolVersion;
        ServesHttp2 = hello.DataProtocols?.Contains(DataProtocols.Http2) == true;
    }

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
                _ = SendAsync(new SpareDataConnection(), CancellationToken.None);
                return spare;
            }
        }

        var id = Guid.NewGuid().ToString("N");
        var pending = new TaskCompletionSource<TunnelStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        try
        {
            await SendAsync(new OpenDataConnection(id, http2 ? DataProtocols.Http2 : null), cancellationToken);
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
        foreach (var chunk in TunnelControlMessage.InChunks(accounts)) await SendAsync(new ReconcileAccounts(chunk), cancellationToken);
    }

    /// <summary>The control connection ended: spares go with it and nobody waits for a dial that will not come.</summary>
    public async Task CloseAsync()
    {
        while (_spares.TryDequeue(out var spare)) await spare.DisposeAsync();
        foreach (var pending in _pending.Values) pending.TrySetCanceled();
    }
}
