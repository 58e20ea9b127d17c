using System.Buffers;

namespace Paralus.Agent.Forwarding;

/// <summary>Writes gathered bytes to a stream in one call, so that they leave as one WebSocket message or TLS record.</summary>
internal static class TunnelWrites
{
    public static async ValueTask WriteAsync(Stream stream, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsSingleSegment)
        {
            await stream.WriteAsync(buffer.First, cancellationToken);
            return;
        }
        var whole = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
        try
        {
            buffer.CopyTo(whole);
            await stream.WriteAsync(whole.AsMemory(0, (int)buffer.Length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(whole);
        }
    }
}
