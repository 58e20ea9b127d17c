using System.Text;

namespace Paralus.Sandbox.Api;

/// <summary>A forward-only protobuf wire reader.</summary>
internal sealed class ProtobufReader(ReadOnlyMemory<byte> data)
{
    private int _position;

    public bool Next(out int field, out int wire)
    {
        field = wire = 0;
        if (_position >= data.Length) return false;
        var key = Varint();
        field = (int)(key >> 3);
        wire = (int)(key & 7);
        return true;
    }

    public ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= data.Length) throw StatusException.BadRequest("truncated protobuf body");
            var b = data.Span[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
        throw StatusException.BadRequest("malformed protobuf varint");
    }

    public ReadOnlyMemory<byte> Bytes()
    {
        var length = (int)Varint();
        if (length < 0 || _position + length > data.Length) throw StatusException.BadRequest("truncated protobuf body");
        var slice = data.Slice(_position, length);
        _position += length;
        return slice;
    }

    public string String() => Encoding.UTF8.GetString(Bytes().Span);

    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: Varint(); break;
            case 1: _position += 8; break;
            case 2: Bytes(); break;
            case 5: _position += 4; break;
            default: throw StatusException.BadRequest($"unsupported protobuf wire type {wire}");
        }
    }
}
