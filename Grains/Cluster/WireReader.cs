using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;

namespace OrleansLB.Grains.Cluster;

/// <summary>Reads what <see cref="WireWriter"/> wrote; a truncated or malformed body is a <see cref="SerializationException"/>.</summary>
internal sealed class WireReader(byte[] bytes)
{
    private int _position;

    /// <summary>False at the end of the body: a field appended by a later version is absent.</summary>
    public bool HasMore => _position < bytes.Length;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() != 0;

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>An element count, checked against what is left so a corrupt count cannot allocate gigabytes.</summary>
    public int Count()
    {
        var count = Int();
        return count >= 0 && count <= bytes.Length - _position
            ? count
            : throw new SerializationException($"Bad element count {count} in an OrleansLB wire message.");
    }

    public string String() => NullableString() ?? throw new SerializationException("Null string where one is required in an OrleansLB wire message.");

    public string? NullableString()
    {
        var length = Int();
        return length == -1 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public byte[] Bytes() => Take(Int()).ToArray();

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > bytes.Length - _position)
        {
            throw new SerializationException("A truncated OrleansLB wire message.");
        }

        var span = bytes.AsSpan(_position, count);
        _position += count;
        return span;
    }
}
