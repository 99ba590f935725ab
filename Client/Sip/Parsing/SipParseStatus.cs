namespace OrleansLB.Client.Sip.Parsing;

/// <summary>Outcome of a parse. Anything but <see cref="Ok"/> maps to a response status and reason (<see cref="SipParseResult"/>).</summary>
internal enum SipParseStatus
{
    Ok = 0,
    MissingRequestLine,
    BadRequestLine,
    BadStatusLine,
    UnsupportedVersion,
    BadUri,
    LineTooLong,
    HeaderWithoutColon,
    BadHeaderName,
    TooManyHeaders,
    TooManyVias,
    MessageTooLarge,
    IncompleteMessage,
    MissingRequiredHeader,
    DuplicateHeader,
    BadContentLength,
    BodyLengthMismatch,
    BadCSeq,
    CSeqMethodMismatch,
    BadMaxForwards,
    BadVia,
    BadCallId,
    BadAddress,
}
