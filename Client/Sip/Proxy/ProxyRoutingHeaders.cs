using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// A parsed request's headers as routing rules read them. The parser's own lookup already knows
/// compact forms and ignores case, so a rule's full name finds <c>s:</c> as well as <c>Subject:</c>.
/// </summary>
internal sealed class ProxyRoutingHeaders(SipMessage message) : IRoutingHeaders
{
    public bool TryGetValue(string fullName, out ReadOnlySpan<char> value)
    {
        if (!message.TryGetHeaderValue(fullName, out var bytes))
        {
            value = default;
            return false;
        }

        value = SipText.ToString(bytes).AsSpan();
        return true;
    }
}
