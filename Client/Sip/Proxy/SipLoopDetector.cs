using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transactions;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// Loop detection (RFC 3261 §16.3 step 4, §16.6 step 8). The proxy's branches carry a hash of what
/// decides where a request goes; a request that comes back with a Via of ours holding the same hash
/// has looped (482), one with another hash is spiralling and is served. The hash leaves out the top
/// Via, which differs on every pass and would hide every loop.
/// </summary>
internal static class SipLoopDetector
{
    private const uint Offset = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>FNV-1a over the Request-URI, the tags, Call-ID, CSeq, Route, Proxy-Require and Proxy-Authorization.</summary>
    public static uint Hash(SipMessage request)
    {
        var h = Offset;
        h = Add(h, request.RequestUri);
        h = Add(h, request.FromTag);
        h = Add(h, request.ToTag);
        h = Add(h, request.CallId);
        Span<byte> number = stackalloc byte[10];
        request.CSeqNumber.TryFormat(number, out var written);
        h = Add(h, number[..written]);
        h = Add(h, request.CSeqMethodName);
        foreach (var id in (ReadOnlySpan<SipHeaderId>)[SipHeaderId.Route, SipHeaderId.ProxyRequire, SipHeaderId.ProxyAuthorization])
        {
            foreach (var header in request.GetHeaders(id))
            {
                h = Add(h, header.Value);
            }
        }

        return h;
    }

    /// <summary>Whether a Via of ours in <paramref name="request"/> carries <paramref name="hash"/>.</summary>
    public static bool IsLooped(SipMessage request, uint hash, SipLocalAddresses own)
    {
        for (var i = 0; i < request.ViaCount; i++)
        {
            var via = request.GetVia(i);
            if (SipIdentifiers.HasLoopHash(via.Branch, hash) && own.IsLocal(via.Host, via.Port))
            {
                return true;
            }
        }

        return false;
    }

    private static uint Add(uint h, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            h = (h ^ b) * Prime;
        }

        // A separator, so "ab"+"c" and "a"+"bc" differ.
        return (h ^ 0xFF) * Prime;
    }
}
