using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Proxy;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Calls every accessor the proxy and the routing rules use on an accepted message and on single
/// header values, so lazily parsed parts (Via parameters, addresses, URIs, credentials) meet the
/// input too. The results are folded into a number only so the calls are not optimised away.
/// </summary>
internal static class SipFuzzExercise
{
    private static readonly string[] RuleHeaders = ["Subject", "User-Agent", "X-Account", "Content-Type", "Route"];

    private static readonly SipHeaderId[] AddressHeaders =
        [SipHeaderId.Contact, SipHeaderId.Route, SipHeaderId.RecordRoute, SipHeaderId.PAssertedIdentity, SipHeaderId.ReferTo, SipHeaderId.ReferredBy, SipHeaderId.Path];

    public static long Accessors(SipMessage m)
    {
        long sum = m.StartLine.Length + m.ReasonPhrase.Length + m.ContentType.Length + m.UserAgent.Length;
        if (m.TryGetRequestUri(out var uri))
        {
            sum += Uri(uri);
        }

        for (var i = 0; i < m.ViaCount; i++)
        {
            sum += Via(m.GetVia(i));
        }

        sum += NameAddr(m.From) + NameAddr(m.To) + m.FromTag.Length + m.ToTag.Length + m.FromUri.Length + m.ToUri.Length + m.CallId.Length;
        var shown = 0;
        foreach (var header in m.Headers)
        {
            // Every header's name through the lookup; a few also as text and by name (each by-name look-up walks all headers).
            sum += (int)SipKnownHeaders.Lookup(header.Name);
            if (shown++ < 4)
            {
                sum += header.ToString().Length + (m.TryGetHeaderValue(header.Name, out var first) ? first.Length : 0);
            }
        }

        foreach (var id in AddressHeaders)
        {
            foreach (var value in m.GetValues(id))
            {
                sum += value.TryGetAddress(out var address) ? NameAddr(address) : value.Span.Length;
            }
        }

        sum += m.TryGetFirstRoute(out var route) ? route.Span.Length : 0;
        sum += m.TryGetFirstAddress(SipHeaderId.Contact, out var contact) ? NameAddr(contact) : 0;
        sum += m.TryGetAuthorizationUsername(SipHeaderId.Authorization, out var user) ? user.Length : 0;
        sum += m.TryGetAuthorizationUsername(SipHeaderId.ProxyAuthorization, out user) ? user.Length : 0;
        if (m.IsRequest)
        {
            sum += SipLoopDetector.Hash(m);
            var headers = new ProxyRoutingHeaders(m);
            foreach (var name in RuleHeaders)
            {
                sum += headers.TryGetValue(name, out var text) ? text.Length : 0;
            }
        }

        return sum;
    }

    public static long Via(SipVia via)
    {
        long sum = via.ProtocolName.Length + via.ProtocolVersion.Length + (int)via.Transport + via.Host.Length + via.Port + via.RPort
            + via.Maddr.Length + via.Branch.Length + via.Received.Length + (via.HasMagicCookie ? 1 : 0) + (via.HasRPort ? 1 : 0) + via.ToString().Length;
        foreach (var p in via.GetParameters())
        {
            sum += p.Name.Length + p.Value.Length;
        }

        return sum;
    }

    public static long NameAddr(SipNameAddr address)
    {
        long sum = address.DisplayName.Length + address.Uri.Length + address.Tag.Length + (address.IsWildcard ? 1 : 0) + address.ToString().Length;
        foreach (var p in address.GetParameters())
        {
            sum += p.Name.Length + p.Value.Length;
        }

        return address.TryGetUri(out var uri) ? sum + Uri(uri) : sum;
    }

    public static long Uri(SipUri uri)
    {
        long sum = (int)uri.Scheme + uri.User.Length + uri.Password.Length + uri.Host.Length + (int)uri.HostKind + uri.Port + uri.Headers.Length
            + uri.Transport.Length + uri.Maddr.Length + (uri.IsLooseRouter ? 1 : 0) + uri.ToString().Length;
        foreach (var p in uri.GetParameters())
        {
            sum += p.Name.Length + p.Value.Length;
        }

        _ = SipUriResolver.TryGetTransport(uri.Transport, out _);
        return sum;
    }

    /// <summary>One header value through the parser that reads it; true when it was accepted.</summary>
    public static bool Value(SipValueKind kind, ReadOnlySpan<byte> value)
    {
        switch (kind)
        {
            case SipValueKind.Via:
                return SipVia.TryParse(value, out var via) && Via(via) >= 0;
            case SipValueKind.Address:
                return SipNameAddr.TryParse(value, out var address) && NameAddr(address) >= 0;
            case SipValueKind.Uri:
                var isUri = SipUri.TryParse(value, out var uri) && Uri(uri) >= 0;
                return SipUri.IsValidAbsoluteUri(value) | isUri;
            case SipValueKind.Number:
                return SipSyntax.TryParseInt32(value, out _) | SipSyntax.TryParseUInt32(value, out _);
            case SipValueKind.Credentials:
                _ = SipCredentials.GetScheme(value);
                _ = SipCredentials.TryGetParameter(value, "realm"u8, out _);
                return SipCredentials.TryGetUsername(value, out _);
            case SipValueKind.Parameters:
                var count = 0;
                foreach (var p in new SipParameterEnumerator(value))
                {
                    count += p.Name.Length + p.Value.Length;
                }

                return count > 0;
            default:
                var id = SipKnownHeaders.Lookup(value);
                var text = SipText.ToString(value);
                _ = SipCompactHeaderNames.TryGetFullName(text, out _);
                _ = SipCompactHeaderNames.NameEquals(text, "Subject");
                return id != SipHeaderId.Unknown;
        }
    }
}
