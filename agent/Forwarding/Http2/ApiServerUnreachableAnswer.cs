using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// When the agent cannot open its connection to the apiserver, it still answers the relay in HTTP/2: every request
/// that has arrived gets a 503 <c>Status</c> that says why, then GOAWAY ends the connection. kubectl prints the cause
/// instead of a tunnel error, and the relay's next request opens a new connection, which tries the apiserver again.
/// </summary>
internal static class ApiServerUnreachableAnswer
{
    /// <summary>A relay opens a data connection to send a request at once; one that sends none is not waited for.</summary>
    private static readonly TimeSpan RequestWait = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Stream tunnel, string message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestWait);
        var reader = PipeReader.Create(tunnel);
        var output = new ArrayBufferWriter<byte>(1024);
        var headers = new HpackBlockWriter();
        new Http2FrameHeader(0, Http2FrameHeader.Settings, 0, 0).WriteTo(output);
        var prefaceRead = false;
        var lastStream = 0;
        try
        {
            while (lastStream == 0)
            {
                await tunnel.WriteAsync(output.WrittenMemory, timeout.Token);
                output.ResetWrittenCount();
                var read = await reader.ReadAsync(timeout.Token);
                var buffer = read.Buffer;
                if (!prefaceRead && buffer.Length >= Http2FrameHeader.ClientPreface.Length)
                {
                    buffer = buffer.Slice(Http2FrameHeader.ClientPreface.Length);
                    prefaceRead = true;
                }
                while (prefaceRead && Http2FrameHeader.TryReadWhole(buffer, out var frame))
                {
                    if (frame.Type == Http2FrameHeader.Settings && !frame.Has(Http2FrameHeader.Ack)) new Http2FrameHeader(0, Http2FrameHeader.Settings, Http2FrameHeader.Ack, 0).WriteTo(output);
                    // A request's header block ends with END_HEADERS, on its HEADERS frame or its last CONTINUATION frame.
                    if (frame.Type is Http2FrameHeader.Headers or Http2FrameHeader.Continuation && frame.Has(Http2FrameHeader.EndHeaders) && frame.StreamId > lastStream)
                    {
                        lastStream = frame.StreamId;
                        KubernetesStatusFrames.Write(output, headers, frame.StreamId, 503, "ServiceUnavailable", message);
                    }
                    buffer = buffer.Slice(frame.FrameLength);
                }
                reader.AdvanceTo(buffer.Start, read.Buffer.End);
                if (read.IsCompleted) return;
            }
            // GOAWAY: streams up to the last answered one are done; the relay sends later ones on a new connection.
            new Http2FrameHeader(8, Http2FrameHeader.GoAway, 0, 0).WriteTo(output);
            var payload = output.GetSpan(8);
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)lastStream);
            BinaryPrimitives.WriteUInt32BigEndian(payload[4..], 0);
            output.Advance(8);
            await tunnel.WriteAsync(output.WrittenMemory, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No request came in time.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
