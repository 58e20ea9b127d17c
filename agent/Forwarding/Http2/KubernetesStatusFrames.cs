using System.Buffers;
using System.Globalization;
using System.Text;
using Paralus.Domain.Kubernetes;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>The agent's own answer on a stream: a whole HTTP/2 response carrying a Kubernetes failure <c>Status</c>.</summary>
internal static class KubernetesStatusFrames
{
    /// <summary>Writes the response's frames; returns the bytes of DATA, the flow-control credit it takes from the relay.</summary>
    public static int Write(IBufferWriter<byte> output, HpackBlockWriter headers, int streamId, int code, string reason, string message)
    {
        var body = Encoding.UTF8.GetBytes(KubernetesStatusBody.Failure(code, reason, message));
        headers.Add(":status", code.ToString(CultureInfo.InvariantCulture));
        headers.Add("content-type", KubernetesStatusBody.ContentType);
        headers.Add("content-length", body.Length.ToString(CultureInfo.InvariantCulture));
        headers.WriteFrames(output, streamId, endStream: false);
        ReadOnlySpan<byte> rest = body;
        do
        {
            var chunk = rest[..Math.Min(rest.Length, Http2FrameHeader.SafeMaxLength)];
            rest = rest[chunk.Length..];
            new Http2FrameHeader(chunk.Length, Http2FrameHeader.Data, rest.IsEmpty ? Http2FrameHeader.EndStream : (byte)0, streamId).WriteTo(output);
            output.Write(chunk);
        }
        while (!rest.IsEmpty);
        return body.Length;
    }
}
