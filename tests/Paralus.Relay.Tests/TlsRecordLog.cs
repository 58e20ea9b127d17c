namespace Paralus.Relay.Tests;

/// <summary>
/// The raw side of a client's TLS connection, read through unchanged while noting the length of every TLS record the
/// server sent (RFC 8446, section 5.1: a 5-byte header whose last two bytes are the length), so a test can see how the
/// server cut what it sent, which the decrypted stream hides.
/// </summary>
public sealed class TlsRecordLog(Stream network) : Stream
{
    private readonly byte[] _header = new byte[5];
    private readonly List<int> _lengths = [];
    private int _headerRead;
    private int _bodyLeft;

    /// <summary>The lengths of the records read so far, headers excluded, in order.</summary>
    public IReadOnlyList<int> RecordLengths
    {
        get { lock (_lengths) return [.. _lengths]; }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await network.ReadAsync(buffer, cancellationToken);
        Note(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    private void Note(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_bodyLeft > 0)
            {
                _bodyLeft--;
                continue;
            }
            _header[_headerRead++] = b;
            if (_headerRead < _header.Length) continue;
            _headerRead = 0;
            _bodyLeft = (_header[3] << 8) | _header[4];
            lock (_lengths) _lengths.Add(_bodyLeft);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => network.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => network.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => network.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => network.FlushAsync(cancellationToken);

    public override void Flush() => network.Flush();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
