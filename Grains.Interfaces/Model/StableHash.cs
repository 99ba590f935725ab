using System.Buffers.Binary;
using System.Text;

namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// A 64-bit hash that is the same in every process and on every machine (unlike
/// <see cref="HashCode"/>, which is seeded per process), so every edge places a key on the
/// same destination. 8-byte blocks with a multiply-xorshift mix; not cryptographic.
/// </summary>
public static class StableHash
{
    private const ulong Prime1 = 0x9E3779B97F4A7C15UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var h = Prime1 ^ (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < data.Length; i++)
        {
            tail |= (ulong)data[i] << (8 * i);
        }

        return Mix(h ^ tail ^ Prime2);
    }

    public static ulong Of(string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(text);
        var bytes = count <= buffer.Length ? buffer[..count] : new byte[count];
        Encoding.UTF8.GetBytes(text, bytes);
        return Of(bytes);
    }

    /// <summary>A strong 64-bit finaliser (splitmix64), used to combine a key hash with a destination seed.</summary>
    public static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
