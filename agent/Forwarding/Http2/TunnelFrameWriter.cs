using System.Buffers;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// The only writer to one tunnel data connection: the apiserver's frames and the agent's own answers take turns,
/// each write whole frames, so they never interleave inside a frame.
/// </summary>
internal sealed class TunnelFrameWriter(Stream tunnel)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async ValueTask WriteAsync(ReadOnlySequence<byte> frames, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await TunnelWrites.WriteAsync(tunnel, frames, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }
}
