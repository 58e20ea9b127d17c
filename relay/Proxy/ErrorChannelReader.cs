using System.Buffers;
using System.Buffers.Text;
using Paralus.Domain.Audit;
using Paralus.Relay.Audit;

namespace Paralus.Relay.Proxy;

/// <summary>
/// Reads the error channel (3) of an exec or attach the apiserver answers over a WebSocket: each data frame's first
/// payload byte names its channel (an ASCII digit, the rest base64, under the base64 protocols), and the error
/// channel carries the <c>Status</c> that says how the command ended, which goes into the audit record.
/// </summary>
internal sealed class ErrorChannelReader(AuditedRequest audit, bool base64) : IWebSocketFrameObserver
{
    private const int ErrorChannel = 3;
    private const int MaxStatusBytes = 8 * 1024;
    private const int TextFrame = 1;
    private const int BinaryFrame = 2;

    private readonly byte[] _status = new byte[MaxStatusBytes];
    private int _length;
    private bool _dataFrame;
    private bool _channelRead;
    private bool _errorChannel;

    public void FrameStarted(int opcode) => (_dataFrame, _channelRead, _errorChannel, _length) = (opcode is TextFrame or BinaryFrame, false, false, 0);

    public void Payload(ReadOnlySpan<byte> bytes)
    {
        if (!_dataFrame || bytes.IsEmpty) return;
        if (!_channelRead)
        {
            _channelRead = true;
            _errorChannel = bytes[0] == (base64 ? (byte)('0' + ErrorChannel) : ErrorChannel);
            bytes = bytes[1..];
        }
        if (!_errorChannel) return;
        var take = Math.Min(bytes.Length, MaxStatusBytes - _length);
        bytes[..take].CopyTo(_status.AsSpan(_length));
        _length += take;
    }

    public void FrameEnded()
    {
        if (!_errorChannel || _length == 0) return;
        var status = _status.AsSpan(0, _length);
        if (base64)
        {
            if (Base64.DecodeFromUtf8InPlace(status, out var decoded) != OperationStatus.Done) return;
            status = status[..decoded];
        }
        if (KubectlExecStatus.ExitCode(status) is { } code) audit.ExitCode = code;
    }
}
