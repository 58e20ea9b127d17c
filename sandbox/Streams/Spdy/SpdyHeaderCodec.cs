using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;

namespace Paralus.Sandbox.Streams.Spdy;

/// <summary>
/// SPDY/3 header blocks: one zlib stream per direction for the whole connection. The peer's
/// stream is primed with <see cref="SpdyDictionary"/>, which .NET's zlib API cannot take, so
/// the inflater is fed a raw deflate stream that starts with a stored block holding the
/// dictionary: later back-references then land in it exactly as with a preset dictionary.
/// Outgoing blocks are compressed without a dictionary, which zlib readers accept.
/// </summary>
internal sealed class SpdyHeaderCodec : IDisposable
{
    private readonly Pipe _input = new();
    private readonly DeflateStream _inflater;
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _deflater;
    private bool _primed;

    public SpdyHeaderCodec()
    {
        _inflater = new DeflateStream(_input.Reader.AsStream(), CompressionMode.Decompress);
        _deflater = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
    }

    public async Task<Dictionary<string, string>> DecompressAsync(ReadOnlyMemory<byte> block, CancellationToken cancellation)
    {
        if (!_primed)
        {
            // zlib header: CMF, FLG with FDICT set, then the dictionary's Adler-32.
            if (block.Length < 6 || (block.Span[1] & 0x20) == 0 || BinaryPrimitives.ReadUInt32BigEndian(block.Span[2..6]) != SpdyDictionary.Adler32)
                throw new InvalidDataException("SPDY header block does not use the SPDY/3 dictionary");
            var prefix = new byte[5 + SpdyDictionary.Bytes.Length];
            prefix[0] = 0x00; // BFINAL=0, BTYPE=00 (stored), padded to the byte boundary
            BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(1), (ushort)SpdyDictionary.Bytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(3), (ushort)~SpdyDictionary.Bytes.Length);
            SpdyDictionary.Bytes.CopyTo(prefix, 5);
            await _input.Writer.WriteAsync(prefix, cancellation);
            await _inflater.ReadExactlyAsync(new byte[SpdyDictionary.Bytes.Length], cancellation);
            block = block[6..];
            _primed = true;
        }
        await _input.Writer.WriteAsync(block, cancellation);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = await ReadUInt32Async(cancellation);
        for (var i = 0; i < count; i++)
        {
            var name = await ReadStringAsync(cancellation);
            headers[name] = await ReadStringAsync(cancellation);
        }
        return headers;
    }

    public byte[] Compress(IReadOnlyDictionary<string, string> headers)
    {
        var plain = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)headers.Count);
        plain.Write(number);
        foreach (var (name, value) in headers)
        {
            foreach (var text in new[] { name, value })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteUInt32BigEndian(number, (uint)bytes.Length);
                plain.Write(number);
                plain.Write(bytes);
            }
        }
        _deflater.Write(plain.ToArray());
        _deflater.Flush();
        var block = _compressed.ToArray();
        _compressed.SetLength(0);
        return block;
    }

    public void Dispose()
    {
        _inflater.Dispose();
        _deflater.Dispose();
        _compressed.Dispose();
    }

    private async Task<uint> ReadUInt32Async(CancellationToken cancellation)
    {
        var bytes = new byte[4];
        await _inflater.ReadExactlyAsync(bytes, cancellation);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private async Task<string> ReadStringAsync(CancellationToken cancellation)
    {
        var length = await ReadUInt32Async(cancellation);
        if (length > 1 << 20) throw new InvalidDataException("SPDY header too long");
        var bytes = new byte[length];
        await _inflater.ReadExactlyAsync(bytes, cancellation);
        return Encoding.UTF8.GetString(bytes);
    }
}
