using System.Text;

namespace Paralus.Sandbox.Api;

/// <summary>A protobuf wire writer for the few messages the sandbox answers with (the OpenAPI v2 document).</summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    public void String(int field, string value)
    {
        if (value.Length == 0) return;
        Bytes(field, Encoding.UTF8.GetBytes(value));
    }

    public void Bool(int field, bool value)
    {
        Varint((ulong)field << 3);
        Varint(value ? 1UL : 0UL);
    }

    public void Message(int field, Action<ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(nested);
        // Messages are written even when empty: presence matters for fields like Document.paths.
        Bytes(field, nested.ToArray());
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Bytes(int field, byte[] value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
