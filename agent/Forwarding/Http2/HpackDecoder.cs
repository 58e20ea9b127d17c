using System.Text;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// Decodes the header blocks of one relay connection (RFC 7541), keeping that connection's dynamic table.
/// Huffman-coded strings are refused: the relay's HTTP client never sends them, and a block the agent cannot read
/// must end the connection rather than pass unread.
/// </summary>
internal sealed class HpackDecoder
{
    private const int EntryOverhead = 32;
    /// <summary>What one header block may decode to at most: indexed fields make small blocks expand.</summary>
    private const int MaxDecodedBytes = 1024 * 1024;
    private const int MaxTableLimit = 64 * 1024;

    // Oldest first: HPACK numbers the newest entry 62.
    private readonly List<(string Name, string Value)> _dynamic = [];
    private int _tableSize;
    // The relay's encoder may use as much table as the apiserver's SETTINGS allow, which the agent does not read.
    // Starting at the most it accepts is safe: entries are evicted oldest first, so keeping more than the encoder
    // still has never moves an entry it refers to. A size update from the encoder is followed exactly.
    private int _tableLimit = MaxTableLimit;

    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>(16);
        var decoded = 0;
        while (!block.IsEmpty)
        {
            var first = block[0];
            (string Name, string Value) field;
            if ((first & 0x80) != 0)
            {
                field = Entry(ReadInteger(ref block, 7));
            }
            else if ((first & 0xC0) == 0x40)
            {
                field = ReadLiteral(ref block, 6);
                Add(field);
            }
            else if ((first & 0xE0) == 0x20)
            {
                var limit = ReadInteger(ref block, 5);
                if (limit > MaxTableLimit) throw new Http2ProtocolException($"dynamic table size {limit} exceeds {MaxTableLimit}");
                _tableLimit = limit;
                Evict(0);
                continue;
            }
            else
            {
                // Without indexing (0000) or never indexed (0001): both leave the table alone.
                field = ReadLiteral(ref block, 4);
            }
            decoded += field.Name.Length + field.Value.Length;
            if (decoded > MaxDecodedBytes) throw new Http2ProtocolException($"header block decodes to more than {MaxDecodedBytes} bytes");
            headers.Add(field);
        }
        return headers;
    }

    private (string, string) ReadLiteral(ref ReadOnlySpan<byte> block, int prefix)
    {
        var index = ReadInteger(ref block, prefix);
        var name = index == 0 ? ReadString(ref block) : Entry(index).Name;
        return (name, ReadString(ref block));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= HpackStaticTable.Entries.Length) return HpackStaticTable.Entries[index - 1];
        var age = index - HpackStaticTable.Entries.Length - 1;
        if (index < 1 || age >= _dynamic.Count) throw new Http2ProtocolException($"header index {index} is not in the table");
        return _dynamic[_dynamic.Count - 1 - age];
    }

    private void Add((string Name, string Value) field)
    {
        var size = SizeOf(field);
        Evict(size);
        // An entry larger than the whole table empties it and is not kept (RFC 7541, section 4.4).
        if (size > _tableLimit) return;
        _dynamic.Add(field);
        _tableSize += size;
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _tableSize + room > _tableLimit)
        {
            _tableSize -= SizeOf(_dynamic[0]);
            _dynamic.RemoveAt(0);
        }
    }

    private static int SizeOf((string Name, string Value) field) => field.Name.Length + field.Value.Length + EntryOverhead;

    private static string ReadString(ref ReadOnlySpan<byte> block)
    {
        if (block.IsEmpty) throw new Http2ProtocolException("header block ends inside a field");
        if ((block[0] & 0x80) != 0) throw new Http2ProtocolException("Huffman-coded header strings are not accepted");
        var length = ReadInteger(ref block, 7);
        if (length > block.Length) throw new Http2ProtocolException("header string runs past the end of the block");
        var text = Encoding.Latin1.GetString(block[..length]);
        block = block[length..];
        return text;
    }

    private static int ReadInteger(ref ReadOnlySpan<byte> block, int prefix)
    {
        if (block.IsEmpty) throw new Http2ProtocolException("header block ends inside a field");
        var mask = (1 << prefix) - 1;
        var value = block[0] & mask;
        block = block[1..];
        if (value < mask) return value;
        // At most four continuation bytes: no index or length the agent accepts needs more (28 bits).
        for (var shift = 0; shift <= 21; shift += 7)
        {
            if (block.IsEmpty) break;
            var next = block[0];
            block = block[1..];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0) return value;
        }
        throw new Http2ProtocolException("malformed header integer");
    }
}
