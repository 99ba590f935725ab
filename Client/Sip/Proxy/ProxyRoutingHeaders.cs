using System.Text;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>A parsed request's headers as routing rules read them (full or compact names, any case).</summary>
internal sealed class ProxyRoutingHeaders(SipMessage message) : IRoutingHeaders
{
    public bool TryGetValue(string fullName, out ReadOnlySpan<char> value)
    {
        foreach (var header in message.Headers)
        {
            if (SipCompactHeaderNames.NameEquals(Encoding.ASCII.GetString(header.Name), fullName))
            {
                value = SipText.ToString(header.Value).AsSpan();
                return true;
            }
        }

        value = default;
        return false;
    }
}
