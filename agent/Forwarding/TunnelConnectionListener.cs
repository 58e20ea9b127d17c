using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// A Kestrel transport whose connections are tunnel data connections: each HTTP/1.1 one a relay opened (they carry
/// exec, attach and port-forward upgrades) is handed to the agent's HTTP server as is, so HTTP parsing, keep-alive and
/// upgrades are Kestrel's job and the tunnel stays a dumb pipe. There is no listening socket, so no local process can
/// send requests that claim to come from a relay.
/// </summary>
internal sealed class TunnelConnectionListener : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener
{
    // Zero-byte reads wait for data before renting a buffer, so idle connections hold none.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, useZeroByteReads: true);
    // Kestrel's own limit on unsent response bytes (64 KB) holds its writers back when a tunnel is slow.
    private static readonly PipeOptions WriterOptions = new(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024,
        minimumSegmentSize: 16 * 1024, useSynchronizationContext: false);

    private readonly Channel<TunnelConnection> _accepted = Channel.CreateUnbounded<TunnelConnection>(new UnboundedChannelOptions { SingleReader = true });

    public EndPoint EndPoint => TunnelEndPoint.Instance;

    public bool CanBind(EndPoint endpoint) => endpoint is TunnelEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(this);

    /// <summary>Serves one HTTP/1.1 tunnel data connection until Kestrel is done with it.</summary>
    public async Task ServeAsync(Stream tunnel, CancellationToken cancellationToken)
    {
        var connection = new TunnelConnection(tunnel, ReaderOptions, WriterOptions);
        await _accepted.Writer.WriteAsync(connection, cancellationToken);
        await connection.Closed.WaitAsync(cancellationToken);
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _accepted.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();

    /// <summary>
    /// One tunnel data connection as Kestrel sees it. Kestrel writes into a pipe and a pump sends what has gathered
    /// as one WebSocket message, as Kestrel's socket transport does: under load, the frames of many responses leave
    /// in one TLS record and one send instead of one each.
    /// </summary>
    private sealed class TunnelConnection : ConnectionContext
    {
        private readonly Stream _stream;
        private readonly Pipe _output;
        private readonly Task _pump;
        private readonly CancellationTokenSource _closed = new();
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TunnelConnection(Stream stream, StreamPipeReaderOptions reader, PipeOptions writer)
        {
            _stream = stream;
            _output = new Pipe(writer);
            Transport = new DuplexPipe(PipeReader.Create(stream, reader), _output.Writer);
            ConnectionClosed = _closed.Token;
            _pump = SendOutputAsync();
        }

        public Task Closed => _disposed.Task;

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public override void Abort(ConnectionAbortedException abortReason)
        {
            _closed.Cancel();
            _output.Reader.CancelPendingRead();
            _stream.Dispose();
        }

        public override async ValueTask DisposeAsync()
        {
            await Transport.Input.CompleteAsync();
            await Transport.Output.CompleteAsync();
            await _pump;
            await _stream.DisposeAsync();
            await base.DisposeAsync();
            _disposed.TrySetResult();
        }

        private async Task SendOutputAsync()
        {
            var output = _output.Reader;
            try
            {
                while (true)
                {
                    var read = await output.ReadAsync();
                    if (read.IsCanceled) break;
                    if (!read.Buffer.IsEmpty) await TunnelWrites.WriteAsync(_stream, read.Buffer);
                    output.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted) break;
                }
                await output.CompleteAsync();
            }
            catch (Exception e)
            {
                // Whatever the stream threw, the tunnel is unusable: Kestrel's next write fails and it closes the
                // connection, instead of waiting on a pipe nobody drains.
                _closed.Cancel();
                await output.CompleteAsync(e);
            }
        }

        private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
    }
}
