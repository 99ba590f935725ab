using System.Text;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Byte-level mutations and the interesting values the grammar-aware ones draw from: numbers at
/// and past every limit, separators and escapes, CR/LF/NUL, invalid UTF-8, long runs.
/// </summary>
internal static class ByteMutations
{
    public static readonly byte[][] Numbers = Encode(
        "0", "1", "-1", "+1", "-0", "00", "255", "256", "65535", "65536", "99999", "2147483647", "2147483648", "-2147483648",
        "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "99999999999999999999999999999999", "000000000000000000000000000000000001", "1.5", "0x10", "1e9", " 5 ", "5 5", "",
        "\u0663", "\uff15", "12a", "a12");

    public static readonly byte[][] Fragments = Encode(
        "\0", "\u00ff", "%00", "%", "%z", "%zz", "%%", "\\", "\"", "\"\"", "<", ">", "<<", ">>", "<>", ";", ";;", ",", ",,", "=", "==",
        "@", "@@", "[", "]", "[::1", "[::1]", "::", ":", ":::", "\r", "\n", "\r\n", "\r\n ", "\r\n\t", "\n\n", "\r\r", "\t", " ", "  ",
        "sip:", "sips:", "tel:", "mailto:", ";lr", ";lr=on", ";r2=on", ";branch=", ";branch=z9hG4bK", ";branch=z9hG4bK\"", ";tag=",
        ";tag=\"x\"", ";received=", ";received=[::1]", ";rport", ";rport=99999", ";rport=-1", ";transport=", ";transport=tcp",
        ";transport=sctp", ";maddr=", ";maddr=239.255.255.1", ";ttl=999", "?", "?a=b", "&", "*", "SIP/2.0/", "SIP/2.0/UDP ",
        "Digest ", "username=", "username=\"", "q=", "expires=", ",<sip:a@b>", "<sip:a@b;lr>", "\"\\", "'", "`", "{", "}", "|", "~", "#", "$",
        "\u2028", "\u00e9", "\ud83d\ude00");

    /// <summary>Byte sequences that are not UTF-8 (overlong, surrogate, beyond U+10FFFF, stray continuation, truncated).</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xC0, 0x80], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xBF], [0xFE], [0xFF], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98], [0xE0, 0x80, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    public static readonly int[] LongLengths = [64, 255, 256, 1000, 1024, 4096, 8191, 8192, 8193, 16384, 65534, 65536, 70000];

    public static byte[][] Encode(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];

    /// <summary>One random byte-level edit: flip, set, insert, delete a range, duplicate a range, or truncate.</summary>
    public static byte[] Mutate(byte[] input, FuzzRandom random)
    {
        if (input.Length == 0)
        {
            return random.Pick<byte[]>(Fragments);
        }

        var at = random.Next(input.Length);
        switch (random.Next(9))
        {
            case 0:
                var flipped = (byte[])input.Clone();
                flipped[at] ^= (byte)(1 << random.Next(8));
                return flipped;
            case 1:
                var set = (byte[])input.Clone();
                set[at] = (byte)random.Next(256);
                return set;
            case 2:
                return Insert(input, at, [(byte)random.Next(256)]);
            case 3:
                return Insert(input, at, random.Pick<byte[]>(Fragments));
            case 4:
                return Insert(input, at, random.Pick<byte[]>(InvalidUtf8));
            case 5:
                return Remove(input, at, Math.Min(input.Length - at, random.Next(1, 32)));
            case 6:
                var length = Math.Min(input.Length - at, random.Next(1, 128));
                return Insert(input, random.Next(input.Length + 1), input.AsSpan(at, length));
            case 7:
                return input[..at];
            default:
                var copies = random.Next(2, 64);
                var run = input.AsSpan(at, Math.Min(input.Length - at, random.Next(1, 8)));
                var repeated = new byte[run.Length * copies];
                for (var i = 0; i < copies; i++)
                {
                    run.CopyTo(repeated.AsSpan(i * run.Length));
                }

                return Insert(input, at, repeated);
        }
    }

    public static byte[] Insert(ReadOnlySpan<byte> input, int at, ReadOnlySpan<byte> insert)
    {
        var result = new byte[input.Length + insert.Length];
        input[..at].CopyTo(result);
        insert.CopyTo(result.AsSpan(at));
        input[at..].CopyTo(result.AsSpan(at + insert.Length));
        return result;
    }

    public static byte[] Remove(ReadOnlySpan<byte> input, int at, int count)
    {
        var result = new byte[input.Length - count];
        input[..at].CopyTo(result);
        input[(at + count)..].CopyTo(result.AsSpan(at));
        return result;
    }

    public static byte[] Replace(ReadOnlySpan<byte> input, int at, int count, ReadOnlySpan<byte> with)
    {
        var result = new byte[input.Length - count + with.Length];
        input[..at].CopyTo(result);
        with.CopyTo(result.AsSpan(at));
        input[(at + count)..].CopyTo(result.AsSpan(at + with.Length));
        return result;
    }

    /// <summary>A run of <paramref name="length"/> bytes of one token character, or a repeated fragment.</summary>
    public static byte[] LongRun(FuzzRandom random, int length)
    {
        var unit = random.Chance(70) ? [random.Pick<byte>("a9.-_!~*'%;,@:=\"\\ \t<"u8)] : random.Pick<byte[]>(Fragments);
        if (unit.Length == 0)
        {
            unit = "x"u8.ToArray();
        }

        var result = new byte[length];
        if (unit.Length == 1)
        {
            result.AsSpan().Fill(unit[0]);
            return result;
        }

        for (var i = 0; i < length; i += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, length - i)).CopyTo(result.AsSpan(i));
        }

        return result;
    }
}
