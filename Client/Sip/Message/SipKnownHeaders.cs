using System.Text;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// Known header names, matched Kestrel-style: by length first, then by one distinguishing byte,
/// then confirmed with a case-insensitive comparison. Compact forms (RFC 3261 §7.3.3 and the
/// extensions' registrations) are the one-byte names.
/// </summary>
internal static class SipKnownHeaders
{
    /// <summary>Number of <see cref="SipHeaderId"/> values, for tables indexed by id.</summary>
    public const int Count = (int)SipHeaderId.Privacy + 1;

    public static SipHeaderId Lookup(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return SipHeaderId.Unknown;
        }

        var first = (byte)(name[0] | 0x20);
        return name.Length switch
        {
            1 => Compact(first),
            2 => Match(name, "To"u8, SipHeaderId.To),
            3 => Match(name, "Via"u8, SipHeaderId.Via),
            4 => first switch
            {
                (byte)'f' => Match(name, "From"u8, SipHeaderId.From),
                (byte)'c' => Match(name, "CSeq"u8, SipHeaderId.CSeq),
                (byte)'d' => Match(name, "Date"u8, SipHeaderId.Date),
                (byte)'p' => Match(name, "Path"u8, SipHeaderId.Path),
                _ => SipHeaderId.Unknown,
            },
            5 => first switch
            {
                (byte)'r' => Match(name, "Route"u8, SipHeaderId.Route),
                (byte)'e' => Match(name, "Event"u8, SipHeaderId.Event),
                (byte)'a' => Match(name, "Allow"u8, SipHeaderId.Allow),
                _ => SipHeaderId.Unknown,
            },
            6 => first switch
            {
                (byte)'a' => Match(name, "Accept"u8, SipHeaderId.Accept),
                (byte)'s' => Match(name, "Server"u8, SipHeaderId.Server),
                (byte)'r' => Match(name, "Reason"u8, SipHeaderId.Reason),
                _ => SipHeaderId.Unknown,
            },
            7 => first switch
            {
                (byte)'c' when (name[1] | 0x20) == 'a' => Match(name, "Call-ID"u8, SipHeaderId.CallId),
                (byte)'c' => Match(name, "Contact"u8, SipHeaderId.Contact),
                (byte)'s' => Match(name, "Subject"u8, SipHeaderId.Subject),
                (byte)'e' => Match(name, "Expires"u8, SipHeaderId.Expires),
                (byte)'r' => Match(name, "Require"u8, SipHeaderId.Require),
                (byte)'p' => Match(name, "Privacy"u8, SipHeaderId.Privacy),
                (byte)'w' => Match(name, "Warning"u8, SipHeaderId.Warning),
                _ => SipHeaderId.Unknown,
            },
            8 => first switch
            {
                (byte)'i' => Match(name, "Identity"u8, SipHeaderId.Identity),
                (byte)'r' => Match(name, "Refer-To"u8, SipHeaderId.ReferTo),
                _ => SipHeaderId.Unknown,
            },
            9 => first switch
            {
                (byte)'s' => Match(name, "Supported"u8, SipHeaderId.Supported),
                (byte)'t' => Match(name, "Timestamp"u8, SipHeaderId.Timestamp),
                _ => SipHeaderId.Unknown,
            },
            10 => Match(name, "User-Agent"u8, SipHeaderId.UserAgent),
            11 => first switch
            {
                (byte)'r' when (name[2] | 0x20) == 'f' => Match(name, "Referred-By"u8, SipHeaderId.ReferredBy),
                (byte)'r' => Match(name, "Retry-After"u8, SipHeaderId.RetryAfter),
                (byte)'m' => Match(name, "Min-Expires"u8, SipHeaderId.MinExpires),
                (byte)'u' => Match(name, "Unsupported"u8, SipHeaderId.Unsupported),
                _ => SipHeaderId.Unknown,
            },
            12 => first switch
            {
                (byte)'m' => Match(name, "Max-Forwards"u8, SipHeaderId.MaxForwards),
                (byte)'c' => Match(name, "Content-Type"u8, SipHeaderId.ContentType),
                (byte)'r' => Match(name, "Record-Route"u8, SipHeaderId.RecordRoute),
                (byte)'a' => Match(name, "Allow-Events"u8, SipHeaderId.AllowEvents),
                _ => SipHeaderId.Unknown,
            },
            13 => first switch
            {
                (byte)'a' => Match(name, "Authorization"u8, SipHeaderId.Authorization),
                (byte)'p' => Match(name, "Proxy-Require"u8, SipHeaderId.ProxyRequire),
                _ => SipHeaderId.Unknown,
            },
            14 => first switch
            {
                (byte)'c' => Match(name, "Content-Length"u8, SipHeaderId.ContentLength),
                (byte)'a' => Match(name, "Accept-Contact"u8, SipHeaderId.AcceptContact),
                (byte)'r' => Match(name, "Reject-Contact"u8, SipHeaderId.RejectContact),
                _ => SipHeaderId.Unknown,
            },
            15 => Match(name, "Session-Expires"u8, SipHeaderId.SessionExpires),
            16 => first switch
            {
                (byte)'c' => Match(name, "Content-Encoding"u8, SipHeaderId.ContentEncoding),
                (byte)'w' => Match(name, "WWW-Authenticate"u8, SipHeaderId.WwwAuthenticate),
                _ => SipHeaderId.Unknown,
            },
            18 => Match(name, "Proxy-Authenticate"u8, SipHeaderId.ProxyAuthenticate),
            19 => first switch
            {
                (byte)'p' when name[1] == '-' => Match(name, "P-Asserted-Identity"u8, SipHeaderId.PAssertedIdentity),
                (byte)'p' => Match(name, "Proxy-Authorization"u8, SipHeaderId.ProxyAuthorization),
                (byte)'r' => Match(name, "Request-Disposition"u8, SipHeaderId.RequestDisposition),
                (byte)'c' => Match(name, "Content-Disposition"u8, SipHeaderId.ContentDisposition),
                _ => SipHeaderId.Unknown,
            },
            _ => SipHeaderId.Unknown,
        };
    }

    /// <summary>The canonical (long) name, as the writer emits it.</summary>
    public static ReadOnlySpan<byte> GetName(SipHeaderId id) => id switch
    {
        SipHeaderId.Via => "Via"u8,
        SipHeaderId.From => "From"u8,
        SipHeaderId.To => "To"u8,
        SipHeaderId.CallId => "Call-ID"u8,
        SipHeaderId.CSeq => "CSeq"u8,
        SipHeaderId.MaxForwards => "Max-Forwards"u8,
        SipHeaderId.ContentLength => "Content-Length"u8,
        SipHeaderId.ContentType => "Content-Type"u8,
        SipHeaderId.Contact => "Contact"u8,
        SipHeaderId.Route => "Route"u8,
        SipHeaderId.RecordRoute => "Record-Route"u8,
        SipHeaderId.Authorization => "Authorization"u8,
        SipHeaderId.ProxyAuthorization => "Proxy-Authorization"u8,
        SipHeaderId.WwwAuthenticate => "WWW-Authenticate"u8,
        SipHeaderId.ProxyAuthenticate => "Proxy-Authenticate"u8,
        SipHeaderId.UserAgent => "User-Agent"u8,
        SipHeaderId.Server => "Server"u8,
        SipHeaderId.ContentEncoding => "Content-Encoding"u8,
        SipHeaderId.ContentDisposition => "Content-Disposition"u8,
        SipHeaderId.Subject => "Subject"u8,
        SipHeaderId.Supported => "Supported"u8,
        SipHeaderId.Unsupported => "Unsupported"u8,
        SipHeaderId.Require => "Require"u8,
        SipHeaderId.ProxyRequire => "Proxy-Require"u8,
        SipHeaderId.Event => "Event"u8,
        SipHeaderId.AllowEvents => "Allow-Events"u8,
        SipHeaderId.ReferTo => "Refer-To"u8,
        SipHeaderId.ReferredBy => "Referred-By"u8,
        SipHeaderId.SessionExpires => "Session-Expires"u8,
        SipHeaderId.Identity => "Identity"u8,
        SipHeaderId.AcceptContact => "Accept-Contact"u8,
        SipHeaderId.RejectContact => "Reject-Contact"u8,
        SipHeaderId.RequestDisposition => "Request-Disposition"u8,
        SipHeaderId.Expires => "Expires"u8,
        SipHeaderId.MinExpires => "Min-Expires"u8,
        SipHeaderId.Allow => "Allow"u8,
        SipHeaderId.Accept => "Accept"u8,
        SipHeaderId.Date => "Date"u8,
        SipHeaderId.Timestamp => "Timestamp"u8,
        SipHeaderId.Warning => "Warning"u8,
        SipHeaderId.RetryAfter => "Retry-After"u8,
        SipHeaderId.Reason => "Reason"u8,
        SipHeaderId.Path => "Path"u8,
        SipHeaderId.PAssertedIdentity => "P-Asserted-Identity"u8,
        SipHeaderId.Privacy => "Privacy"u8,
        _ => default,
    };

    public static string GetNameString(SipHeaderId id) => Encoding.ASCII.GetString(GetName(id));

    /// <summary>
    /// Headers that may appear once only (RFC 3261 §7.3.1 lists which headers are comma-separated
    /// lists; these are not). A second one makes the message ambiguous (RFC 4475 §3.3.8, §3.3.9).
    /// </summary>
    public static bool IsSingleton(SipHeaderId id) => id is SipHeaderId.From or SipHeaderId.To
        or SipHeaderId.CallId or SipHeaderId.CSeq or SipHeaderId.MaxForwards or SipHeaderId.ContentLength;

    private static SipHeaderId Compact(byte c) => c switch
    {
        (byte)'v' => SipHeaderId.Via,
        (byte)'f' => SipHeaderId.From,
        (byte)'t' => SipHeaderId.To,
        (byte)'i' => SipHeaderId.CallId,
        (byte)'m' => SipHeaderId.Contact,
        (byte)'l' => SipHeaderId.ContentLength,
        (byte)'c' => SipHeaderId.ContentType,
        (byte)'e' => SipHeaderId.ContentEncoding,
        (byte)'s' => SipHeaderId.Subject,
        (byte)'k' => SipHeaderId.Supported,
        (byte)'o' => SipHeaderId.Event,
        (byte)'u' => SipHeaderId.AllowEvents,
        (byte)'r' => SipHeaderId.ReferTo,
        (byte)'b' => SipHeaderId.ReferredBy,
        (byte)'x' => SipHeaderId.SessionExpires,
        (byte)'y' => SipHeaderId.Identity,
        (byte)'a' => SipHeaderId.AcceptContact,
        (byte)'j' => SipHeaderId.RejectContact,
        (byte)'d' => SipHeaderId.RequestDisposition,
        _ => SipHeaderId.Unknown,
    };

    private static SipHeaderId Match(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known, SipHeaderId id)
        => Ascii.EqualsIgnoreCase(name, known) ? id : SipHeaderId.Unknown;
}
