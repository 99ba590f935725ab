namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// A seed message cut into what the grammar-aware mutations work on: the start line, the header
/// lines (continuation lines of a folded header are lines of their own), and the body.
/// </summary>
internal sealed class SipSeed
{
    private SipSeed(string name, byte[] bytes, byte[] startLine, byte[][] headers, byte[] body)
    {
        Name = name;
        Bytes = bytes;
        StartLine = startLine;
        Headers = headers;
        Body = body;
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    public byte[] StartLine { get; }

    public byte[][] Headers { get; }

    public byte[] Body { get; }

    public bool IsResponse => StartLine.AsSpan().StartsWith("SIP/"u8);

    public static SipSeed From(string name, byte[] bytes)
    {
        var span = bytes.AsSpan();
        var start = span.IndexOfAnyExcept("\r\n"u8);
        span = start < 0 ? [] : span[start..];
        var end = span.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (end < 0)
        {
            end = span.IndexOf("\n\n"u8);
            separator = 2;
        }

        var head = end < 0 ? span : span[..end];
        var body = end < 0 ? [] : span[(end + separator)..].ToArray();
        var lines = new List<byte[]>();
        while (!head.IsEmpty)
        {
            var lineFeed = head.IndexOf((byte)'\n');
            var line = lineFeed < 0 ? head : head[..lineFeed];
            lines.Add((line.EndsWith("\r"u8) ? line[..^1] : line).ToArray());
            head = lineFeed < 0 ? [] : head[(lineFeed + 1)..];
        }

        return lines.Count == 0
            ? new SipSeed(name, bytes, [], [], body)
            : new SipSeed(name, bytes, lines[0], [.. lines.Skip(1)], body);
    }

    /// <summary>The name of a header line (before the colon, trimmed), or empty for a continuation line.</summary>
    public static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
        {
            return [];
        }

        var colon = line.IndexOf((byte)':');
        return (colon < 0 ? line : line[..colon]).TrimEnd(" \t"u8);
    }

    /// <summary>The value of a header line (after the colon), or the whole line when it has none.</summary>
    public static ReadOnlySpan<byte> ValueOf(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        return colon < 0 ? line : line[(colon + 1)..].TrimStart(" \t"u8);
    }

    public override string ToString() => Name;
}
