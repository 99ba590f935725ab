namespace OrleansLB.Client.Sip.Transport;

internal enum SipFramingError
{
    None,

    /// <summary>No Content-Length header: mandatory on streams (RFC 3261 §18.3, §20.14).</summary>
    MissingContentLength,

    /// <summary>A Content-Length that is not a decimal number, or two that disagree.</summary>
    InvalidContentLength,

    /// <summary>No end of headers (CRLFCRLF) within the maximum message size.</summary>
    HeadersTooLarge,

    /// <summary>Headers plus the declared body exceed the maximum message size.</summary>
    MessageTooLarge,
}
