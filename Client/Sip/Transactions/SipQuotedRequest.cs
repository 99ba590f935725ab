using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The client transaction of a request this element sent, read from the start of it that an ICMP
/// error quotes: the method of the request line and the branch of the first Via, which is this
/// element's. Linux quotes about 500 bytes, enough for both; a router that quotes only the 8 bytes
/// RFC 792 asks for gives nothing to find.
/// </summary>
internal static class SipQuotedRequest
{
    public static bool TryReadKey(ReadOnlySpan<byte> datagram, out SipTransactionKey key)
    {
        key = default;
        var end = datagram.IndexOf("\r\n"u8);
        var space = end > 0 ? datagram[..end].IndexOf((byte)' ') : -1;
        if (space <= 0 || !SipSyntax.IsTokenSpan(datagram[..space]))
        {
            return false;
        }

        var method = datagram[..space];
        var rest = datagram[(end + 2)..];

        // Only whole lines: the quote may end in the middle of one.
        while ((end = rest.IndexOf("\r\n"u8)) > 0)
        {
            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || SipKnownHeaders.Lookup(SipSyntax.TrimLws(line[..colon])) != SipHeaderId.Via)
            {
                continue;
            }

            var value = line[(colon + 1)..];
            var comma = value.IndexOf((byte)',');
            if (!SipVia.TryParse(SipSyntax.TrimLws(comma < 0 ? value : value[..comma]), out var via) || !via.HasMagicCookie)
            {
                return false;
            }

            key = new SipTransactionKey(Encoding.ASCII.GetString(via.Branch), string.Empty, Encoding.ASCII.GetString(method));
            return true;
        }

        return false;
    }
}
