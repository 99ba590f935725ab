using System.Text;

namespace OrleansLB.Client.Security;

/// <summary>
/// Tells a scanner's request by its User-Agent, on the raw bytes and before parsing: the header
/// lines are scanned up to the blank line for <c>User-Agent</c> (any case, folded continuation
/// lines included), and its value is searched, ignoring ASCII case, for any configured part.
/// Does not allocate; the work is linear in the header block times the number of parts.
/// </summary>
internal sealed class ScannerFilter
{
    private static ReadOnlySpan<byte> UserAgent => "user-agent"u8;

    private readonly byte[][] _parts;

    public ScannerFilter(ScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        Options = options;
        _parts = options.Enabled ? [.. options.UserAgents.Select(a => Encoding.ASCII.GetBytes(a.Trim()))] : [];
    }

    public ScannerOptions Options { get; }

    /// <summary>Whether <paramref name="message"/> carries a User-Agent with a scanner's name in it.</summary>
    public bool IsScanner(ReadOnlySpan<byte> message)
    {
        if (_parts.Length == 0)
        {
            return false;
        }

        var firstLine = message.IndexOf((byte)'\n');
        if (firstLine < 0)
        {
            return false;
        }

        var pos = firstLine + 1;
        while (pos < message.Length)
        {
            var rest = message[pos..];
            var lineFeed = rest.IndexOf((byte)'\n');
            var line = lineFeed < 0 ? rest : rest[..lineFeed];
            if (line.IsEmpty || line.SequenceEqual("\r"u8))
            {
                return false;
            }

            if (line.Length > UserAgent.Length && (line[0] | 0x20) == 'u' && Ascii.EqualsIgnoreCase(line[..UserAgent.Length], UserAgent))
            {
                var colon = line[UserAgent.Length..].TrimStart(" \t"u8);
                if (!colon.IsEmpty && colon[0] == ':')
                {
                    // The value may go on over folded lines; taking the rest of the headers is enough for a substring test.
                    var end = lineFeed < 0 ? message.Length : EndOfHeader(message, pos + lineFeed);
                    return Contains(message[(pos + UserAgent.Length)..end]);
                }
            }

            if (lineFeed < 0)
            {
                return false;
            }

            pos += lineFeed + 1;
        }

        return false;
    }

    private static int EndOfHeader(ReadOnlySpan<byte> message, int lineFeed)
    {
        while (lineFeed >= 0 && lineFeed + 1 < message.Length && message[lineFeed + 1] is (byte)' ' or (byte)'\t')
        {
            var next = message[(lineFeed + 1)..].IndexOf((byte)'\n');
            lineFeed = next < 0 ? -1 : lineFeed + 1 + next;
        }

        return lineFeed < 0 ? message.Length : lineFeed;
    }

    private bool Contains(ReadOnlySpan<byte> value)
    {
        foreach (var part in _parts)
        {
            if (IndexOfIgnoreCase(value, part) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return 0;
        }

        var lower = (byte)char.ToLowerInvariant((char)part[0]);
        var upper = (byte)char.ToUpperInvariant((char)part[0]);
        var offset = 0;
        while (text.Length - offset >= part.Length)
        {
            var found = text[offset..(text.Length - part.Length + 1)].IndexOfAny(lower, upper);
            if (found < 0)
            {
                return -1;
            }

            offset += found;
            if (Ascii.EqualsIgnoreCase(text.Slice(offset, part.Length), part))
            {
                return offset;
            }

            offset++;
        }

        return -1;
    }
}
