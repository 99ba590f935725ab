using System.Buffers;
using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// Answers a request the parser refused (RFC 3261 §8.2.2 and §16.3 step 1): a lenient line scan
/// finds the Via, From, To, Call-ID and CSeq lines, which a response must echo. Without all of
/// them there is nothing to answer with, and a response or an ACK is never answered at all.
/// </summary>
internal static class SipBadRequestWriter
{
    private const int Via = 0;
    private const int From = 1;
    private const int To = 2;
    private const int CallId = 3;
    private const int CSeq = 4;

    /// <summary>Writes the response into <paramref name="output"/>; false when the bytes cannot be answered.</summary>
    public static bool TryWrite(ReadOnlySpan<byte> data, SipParseResult result, IBufferWriter<byte> output)
    {
        var pos = 0;
        while (pos < data.Length && data[pos] is (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        var firstLine = NextLine(data, ref pos);
        var space = firstLine.IndexOf((byte)' ');
        if (space <= 0 || firstLine.StartsWith("SIP/"u8) || firstLine[..space].SequenceEqual("ACK"u8))
        {
            return false;
        }

        Span<(int Start, int Length)> first = stackalloc (int, int)[5];
        first.Fill((-1, 0));
        var headersStart = pos;
        while (pos < data.Length)
        {
            var lineStart = pos;
            var line = NextLine(data, ref pos);
            if (line.IsEmpty)
            {
                break;
            }

            var slot = Classify(line);
            if (slot >= 0 && first[slot].Start < 0)
            {
                first[slot] = (lineStart, line.Length);
            }
        }

        foreach (var (start, _) in first)
        {
            if (start < 0)
            {
                return false;
            }
        }

        output.Write("SIP/2.0 "u8);
        output.Write(Encoding.ASCII.GetBytes($"{result.StatusCode} {result.ReasonPhrase}\r\n"));
        pos = headersStart;
        while (pos < data.Length)
        {
            var line = NextLine(data, ref pos);
            if (line.IsEmpty)
            {
                break;
            }

            if (Classify(line) == Via)
            {
                WriteLine(output, line);
            }
        }

        for (var slot = From; slot <= CSeq; slot++)
        {
            WriteLine(output, data.Slice(first[slot].Start, first[slot].Length));
        }

        output.Write("Content-Length: 0\r\n\r\n"u8);
        return true;
    }

    /// <summary>The next logical line (folded continuations included) without its terminator; advances past it.</summary>
    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> data, ref int pos)
    {
        var start = pos;
        var scan = pos;
        while (true)
        {
            var lf = data[scan..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                pos = data.Length;
                return data[start..];
            }

            var end = scan + lf;
            if (end + 1 < data.Length && data[end + 1] is (byte)' ' or (byte)'\t')
            {
                scan = end + 1;
                continue;
            }

            pos = end + 1;
            return data[start..(end > start && data[end - 1] == '\r' ? end - 1 : end)];
        }
    }

    private static int Classify(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return -1;
        }

        var name = SipSyntax.TrimLws(line[..colon]);
        return name.Length switch
        {
            1 when Ascii.EqualsIgnoreCase(name, "v"u8) => Via,
            1 when Ascii.EqualsIgnoreCase(name, "f"u8) => From,
            1 when Ascii.EqualsIgnoreCase(name, "t"u8) => To,
            1 when Ascii.EqualsIgnoreCase(name, "i"u8) => CallId,
            2 when Ascii.EqualsIgnoreCase(name, "To"u8) => To,
            3 when Ascii.EqualsIgnoreCase(name, "Via"u8) => Via,
            4 when Ascii.EqualsIgnoreCase(name, "From"u8) => From,
            4 when Ascii.EqualsIgnoreCase(name, "CSeq"u8) => CSeq,
            7 when Ascii.EqualsIgnoreCase(name, "Call-ID"u8) => CallId,
            _ => -1,
        };
    }

    private static void WriteLine(IBufferWriter<byte> output, ReadOnlySpan<byte> line)
    {
        output.Write(line);
        output.Write("\r\n"u8);
    }
}
