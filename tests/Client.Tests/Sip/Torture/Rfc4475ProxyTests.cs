using System.Net;
using System.Text;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Torture;

/// <summary>
/// Every RFC 4475 torture message through the edge's whole receive path (ingress guard, transaction
/// layer, proxy) from a phone: what the edge does with it, as RFC 4475 asks of a proxy where it says.
/// "relayed" means forwarded to a dispatcher destination; "none" means nothing is sent (a response
/// with no transaction, or a request that cannot be answered because it lacks From or Call-ID).
/// </summary>
public sealed class Rfc4475ProxyTests
{
    public static TheoryData<string, string> Outcomes => new()
    {
        // §3.1.1 valid: INVITEs relayed, other methods by the rules (no rule for them: 403; REGISTER: 404 No registrar);
        // wsinv has a To tag and no Route to the edge, so it is an in-dialog request not routed here (404 Not Here).
        { "wsinv", "404" },
        { "intmeth", "403" },
        { "esc01", "relayed" },
        { "escnull", "404" },
        { "esc02", "403" },
        { "lwsdisp", "403" },
        { "longreq", "400" },
        { "dblreq", "404" },
        { "semiuri", "403" },
        { "transports", "403" },
        { "mpart01", "relayed" },
        { "unreason", "none" },
        { "noreason", "none" },

        // §3.1.2 invalid: 400 with the reason (505 for the version), nothing for a response (scalarlg, bigcode).
        { "badinv01", "400" },
        { "clerr", "400" },
        { "ncl", "400" },
        { "scalar02", "400" },
        { "scalarlg", "none" },
        { "quotbal", "400" },
        { "ltgtruri", "400" },
        { "lwsruri", "400" },
        { "lwsstart", "400" },
        { "trws", "400" },
        { "escruri", "400" },
        { "baddate", "relayed" },
        { "regbadct", "400" },
        { "badaspec", "400" },
        { "baddn", "400" },
        { "badvers", "505" },
        { "mismatch01", "400" },
        { "mismatch02", "400" },
        { "bigcode", "none" },

        // §3.2, §3.3: 416 for schemes a proxy cannot route, 420 for Proxy-Require, the proxy's own answer to OPTIONS at Max-Forwards 0.
        { "badbranch", "403" },
        { "insuf", "none" },
        { "unkscm", "416" },
        { "novelsc", "416" },
        { "unksm2", "404" },
        { "bext01", "420" },
        { "invut", "relayed" },
        { "regaut01", "404" },
        { "multi01", "400" },
        { "mcl01", "400" },
        { "bcast", "none" },
        { "zeromf", "200" },
        { "cparam01", "404" },
        { "cparam02", "404" },
        { "regescrt", "404" },
        { "sdp01", "relayed" },
        { "inv2543", "relayed" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Receive_TortureMessage_EdgeAnswersAsExpected(string name, string expected)
    {
        using var h = new ProxyHarness();
        var guard = new SipIngressGuard(h.Transactions.Layer, RateLimitOptions.Default, ScannerOptions.Default, h.Clock);
        guard.Attach(h.Transport);

        guard.OnMessage(new ReceivedMessage(TortureMessages.Load(name), new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("192.0.2.10"), 5060), ProxyHarness.Phone, 0));

        Assert.Equal(expected, Outcome(h.Take()));
    }

    [Fact]
    public void Outcomes_CoverEveryTortureFile()
        => Assert.Equal(TortureMessages.All(), Outcomes.Select(row => (string)row[0]).Order(StringComparer.Ordinal));

    private static string Outcome(List<Transactions.SentMessage> sent)
    {
        if (sent.Any(s => s.Destination is { } d && d.EndPoint.Address.ToString().StartsWith("203.0.113.", StringComparison.Ordinal)))
        {
            return "relayed";
        }

        var final = sent.LastOrDefault(s => s.StatusCode >= 200);
        return final is null ? "none" : final.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
