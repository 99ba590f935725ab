using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Client.Sip.Parsing;

/// <summary>
/// The parse status, the header it concerns (for missing, duplicate and malformed headers) and the
/// offset where the parser stopped, with the response a server sends back for it.
/// </summary>
internal readonly record struct SipParseResult(SipParseStatus Status, SipHeaderId Header = SipHeaderId.Unknown, int Offset = 0)
{
    public static SipParseResult Success => default;

    public bool IsOk => Status == SipParseStatus.Ok;

    /// <summary>The status code of the response to send for a request that failed this way.</summary>
    public int StatusCode => Status switch
    {
        SipParseStatus.Ok => 200,
        SipParseStatus.UnsupportedVersion => 505,
        SipParseStatus.MessageTooLarge => 513,
        _ => 400,
    };

    /// <summary>A short reason phrase for <c>SIP/2.0 {StatusCode} {ReasonPhrase}</c>.</summary>
    public string ReasonPhrase => Status switch
    {
        SipParseStatus.Ok => "OK",
        SipParseStatus.MissingRequestLine => "Bad Request - Missing Request Line",
        SipParseStatus.BadRequestLine => "Bad Request - Malformed Request Line",
        SipParseStatus.BadStatusLine => "Bad Request - Malformed Status Line",
        SipParseStatus.UnsupportedVersion => "Version Not Supported",
        SipParseStatus.BadUri => "Bad Request - Malformed Request-URI",
        SipParseStatus.LineTooLong => "Bad Request - Header Line Too Long",
        SipParseStatus.HeaderWithoutColon => "Bad Request - Header Without Colon",
        SipParseStatus.BadHeaderName => "Bad Request - Malformed Header Name",
        SipParseStatus.TooManyHeaders => "Bad Request - Too Many Headers",
        SipParseStatus.TooManyVias => "Bad Request - Too Many Via Values",
        SipParseStatus.MessageTooLarge => "Message Too Large",
        SipParseStatus.IncompleteMessage => "Bad Request - Truncated Message",
        SipParseStatus.MissingRequiredHeader => $"Bad Request - Missing {HeaderName}",
        SipParseStatus.DuplicateHeader => $"Bad Request - Duplicate {HeaderName}",
        SipParseStatus.BadContentLength => "Bad Request - Malformed Content-Length",
        SipParseStatus.BodyLengthMismatch => "Bad Request - Content-Length Mismatch",
        SipParseStatus.BadCSeq => "Bad Request - Malformed CSeq",
        SipParseStatus.CSeqMethodMismatch => "Bad Request - CSeq Method Mismatch",
        SipParseStatus.BadMaxForwards => "Bad Request - Malformed Max-Forwards",
        SipParseStatus.BadVia => "Bad Request - Malformed Via",
        SipParseStatus.BadCallId => "Bad Request - Malformed Call-ID",
        SipParseStatus.BadAddress => $"Bad Request - Malformed {HeaderName}",
        _ => "Bad Request",
    };

    private string HeaderName => SipKnownHeaders.GetNameString(Header);

    public override string ToString() => IsOk ? "Ok" : $"{Status} ({StatusCode} {ReasonPhrase}) at {Offset}";
}
