namespace OrleansLB.Client.Sip.Parsing;

/// <summary>Hard limits the parser checks while it reads, so hostile input cannot make it work or hold more.</summary>
internal sealed record SipParserLimits
{
    public static SipParserLimits Default { get; } = new();

    /// <summary>Largest message, start line to end of body (UDP cannot carry more than 65,535 octets anyway).</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>Most header lines (folded lines count once).</summary>
    public int MaxHeaders { get; init; } = 256;

    /// <summary>Most Via values, across lines and commas; a longer path is most likely a loop.</summary>
    public int MaxVias { get; init; } = 32;

    /// <summary>Longest start line or header line, folded continuation lines included.</summary>
    public int MaxLineLength { get; init; } = 8_192;
}
