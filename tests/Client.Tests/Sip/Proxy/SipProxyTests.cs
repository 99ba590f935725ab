using System.Text;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces.Messages;
using static OrleansLB.Client.Sip.Proxy.ProxyHarness;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>The proxy's decisions for initial requests: relay, answer, reject, and what the forwarded request carries.</summary>
public sealed class SipProxyTests : IDisposable
{
    private readonly ProxyHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Invite_Dispatched_RelayedWithViaRecordRouteAndMaxForwards()
    {
        _h.Receive(Invite(), Phone);

        var sent = _h.Take();
        Assert.Equal(2, sent.Count);
        Assert.Equal(100, sent[0].StatusCode);
        Assert.Equal(Phone, sent[0].Destination);
        var forwarded = sent[1];
        Assert.StartsWith("INVITE sip:100@192.0.2.10 SIP/2.0\r\n", forwarded.Text);
        Assert.Contains(forwarded.Destination!.Value.EndPoint.Address.ToString(), new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" });
        var message = forwarded.Parse();
        Assert.Equal(2, message.ViaCount);
        var via = message.TopVia;
        Assert.Equal("192.0.2.10", Encoding.ASCII.GetString(via.Host));
        Assert.Equal(5060, via.Port);
        Assert.Equal(SipTransport.Udp, via.Transport);
        Assert.StartsWith("z9hG4bK", Encoding.ASCII.GetString(via.Branch));
        Assert.Equal("z9hG4bKphone1", Encoding.ASCII.GetString(message.GetVia(1).Branch));
        Assert.Equal(69, message.MaxForwards);
        Assert.True(message.TryGetFirstAddress(SipHeaderId.RecordRoute, out var recordRoute));
        Assert.Equal("sip:192.0.2.10:5060;lr", Encoding.ASCII.GetString(recordRoute.Uri));
        Assert.Equal(SipSamples.InviteSdp, Encoding.ASCII.GetString(message.Body));
        var started = Assert.IsType<CallStarted>(Assert.Single(_h.State.Calls));
        Assert.Equal(1, started.SetId);
    }

    [Fact]
    public void Invite_WithoutMaxForwards_GetsTheConfiguredValue()
    {
        using var h = new ProxyHarness(new ProxyOptions { MaxForwards = 10 });

        h.Receive(Invite(maxForwards: null), Phone);

        Assert.Equal(10, h.TakeRequest("INVITE").Parse().MaxForwards);
    }

    [Fact]
    public void Invite_MaxForwardsZero_483TooManyHops()
    {
        _h.Receive(Invite(maxForwards: 0), Phone);

        var sent = _h.Take();
        Assert.Equal([100, 483], sent.Select(s => s.StatusCode));
        Assert.StartsWith("SIP/2.0 483 Too Many Hops\r\n", sent[1].Text);
    }

    [Fact]
    public void Options_MaxForwardsZero_AnsweredByTheEdge()
    {
        _h.Receive(Request("OPTIONS", maxForwards: 0), Phone);

        Assert.Equal(200, Assert.Single(_h.Take()).StatusCode);
    }

    [Fact]
    public void Invite_ComingBackWithOurViaAndSameFields_482LoopDetected()
    {
        _h.Receive(Invite(), Phone);
        var forwarded = _h.TakeRequest("INVITE");

        // The destination sends it straight back to us.
        _h.Receive(forwarded.Text, forwarded.Destination!.Value);

        var sent = _h.Take();
        Assert.Equal([100, 482], sent.Select(s => s.StatusCode));
        Assert.StartsWith("SIP/2.0 482 Loop Detected\r\n", sent[1].Text);
    }

    [Fact]
    public void Invite_BackWithOurViaButAnotherRequestUri_IsASpiralAndRelayed()
    {
        _h.Receive(Invite(), Phone);
        var forwarded = _h.TakeRequest("INVITE");

        _h.Receive(forwarded.Text.Replace("INVITE sip:100@", "INVITE sip:101@", StringComparison.Ordinal), forwarded.Destination!.Value);

        Assert.Single(_h.Take(), s => s.IsRequest("INVITE"));
    }

    [Fact]
    public void Malformed_Invite_400WithTheParsersReason()
    {
        _h.Receive(Invite().Replace("From: \"Alice\" <sip:alice@198.51.100.7>;tag=a1", "From: <<broken", StringComparison.Ordinal), Phone);

        Assert.StartsWith("SIP/2.0 400 Bad Request - Malformed From\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void Invite_AllDestinationsInactive_503()
    {
        _h.Receive(Invite(user: "down1"), Phone);

        var sent = _h.Take();
        Assert.Equal([100, 503], sent.Select(s => s.StatusCode));
        Assert.StartsWith("SIP/2.0 503 Service Unavailable\r\n", sent[1].Text);
        Assert.True(sent[1].Parse().HasToTag);
        Assert.Empty(_h.State.Calls);
    }

    [Fact]
    public void Invite_UnknownSet_503()
    {
        _h.Receive(Invite(user: "nowhere"), Phone);

        Assert.Equal([100, 503], _h.Take().Select(s => s.StatusCode));
    }

    [Fact]
    public void Register_AnsweredWithTheConfiguredResponse()
    {
        _h.Receive(Request("REGISTER", requestUri: "sip:192.0.2.10"), Phone);

        Assert.StartsWith("SIP/2.0 404 No registrar\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void Register_WithRegisterResponseOff_GoesByTheRules()
    {
        using var h = new ProxyHarness(new ProxyOptions { RegisterResponseCode = 0 });

        h.Receive(Request("REGISTER", requestUri: "sip:192.0.2.10"), Phone);

        Assert.StartsWith("SIP/2.0 403 Forbidden\r\n", Assert.Single(h.Take()).Text);
    }

    [Fact]
    public void Options_ToTheEdge_200WithAllow()
    {
        _h.Receive(Request("OPTIONS", requestUri: "sip:192.0.2.10:5060"), Phone);

        var sent = Assert.Single(_h.Take());
        Assert.StartsWith("SIP/2.0 200 OK\r\n", sent.Text);
        Assert.Contains("Allow: INVITE, ACK, CANCEL, BYE", sent.Text);
    }

    [Fact]
    public void Options_ToSomeoneElse_GoesByTheRules()
    {
        _h.Receive(Request("OPTIONS", requestUri: "sip:carrier@198.51.100.99"), Phone);

        Assert.StartsWith("SIP/2.0 403 Forbidden\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void NoRule_RefusedWithTheTablesNoMatch()
    {
        using var h = new ProxyHarness(noMatch: new RejectAction(488, "Not Here Either"));

        h.Receive(Request("SUBSCRIBE"), Phone);

        Assert.StartsWith("SIP/2.0 488 Not Here Either\r\n", Assert.Single(h.Take()).Text);
    }

    [Fact]
    public void RejectRule_AnswersWithItsCode()
    {
        _h.Receive(Invite(user: "900123"), Phone);

        Assert.Equal([100, 603], _h.Take().Select(s => s.StatusCode));
    }

    [Fact]
    public void NonInvite_Dispatched_RelayedWithoutRecordRouteOrCallAccounting()
    {
        _h.Receive(Request("MESSAGE", body: "hi"), Phone);

        var forwarded = _h.TakeRequest("MESSAGE").Parse();
        Assert.False(forwarded.Contains(SipHeaderId.RecordRoute));
        Assert.Empty(_h.State.Calls);
    }

    [Fact]
    public void Invite_OverUdpToTcpDestination_DoubleRecordRouteWithR2()
    {
        _h.Receive(Invite(user: "tcp1"), Phone);

        var forwarded = _h.TakeRequest("INVITE");
        Assert.Equal(Tcp("203.0.113.9"), forwarded.Destination);
        Assert.Contains("Via: SIP/2.0/TCP 192.0.2.10:5060;branch=", forwarded.Text);
        Assert.Contains("\r\nRecord-Route: <sip:192.0.2.10:5060;transport=tcp;lr;r2=on>, <sip:192.0.2.10:5060;lr;r2=on>\r\n", forwarded.Text);
    }

    [Fact]
    public void Invite_OverTcp_RecordRouteSaysTcpAndDefaultInboundKeepsTcp()
    {
        using var h = new ProxyHarness(new ProxyOptions { DefaultTransport = ProxyDefaultTransport.Inbound });

        h.Receive(Invite(transport: "TCP"), Tcp("198.51.100.7", 40000), connectionId: 3);

        var sent = h.Take();
        Assert.Equal(3, sent[0].ConnectionId);
        var forwarded = Assert.Single(sent, s => s.IsRequest("INVITE"));
        Assert.Equal(SipTransportKind.Tcp, forwarded.Destination!.Value.Transport);
        Assert.Contains("\r\nRecord-Route: <sip:192.0.2.10:5060;transport=tcp;lr>\r\n", forwarded.Text);
    }

    [Fact]
    public void Invite_AdvertisedAddress_NamedInRecordRouteButNotInVia()
    {
        using var h = new ProxyHarness(new ProxyOptions { AdvertisedUdp = new ProxyAdvertisedAddress("sip.example.com", 5080) });

        h.Receive(Invite(), Phone);

        var forwarded = h.TakeRequest("INVITE");
        Assert.Contains("\r\nRecord-Route: <sip:sip.example.com:5080;lr>\r\n", forwarded.Text);
        Assert.Contains("\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=", forwarded.Text);
    }

    [Fact]
    public void Invite_FromBehindNat_ViaAnnotatedAndAnswersGoToTheSourcePort()
    {
        var natted = Udp("203.0.113.200", 41000);
        _h.Receive(Invite(sentBy: "10.0.0.5:5060;rport"), natted);

        var sent = _h.Take();
        Assert.Equal(natted, sent[0].Destination);
        var forwarded = Assert.Single(sent, s => s.IsRequest("INVITE")).Parse();
        Assert.Equal("203.0.113.200", Encoding.ASCII.GetString(forwarded.GetVia(1).Received));
        Assert.Equal(41000, forwarded.GetVia(1).RPort);
    }

    [Fact]
    public void Invite_HeaderRule_MatchesCompactOrFullName()
    {
        using var h = new ProxyHarness(rules:
        [
            new RoutingRule("subject", new RejectAction(480, "By Subject")) { Header = new HeaderCondition("Subject", "urgent", null) },
        ]);

        h.Receive(Invite(extraHeaders: "s: urgent"), Phone);

        Assert.Equal([100, 480], h.Take().Select(s => s.StatusCode));
    }

    [Fact]
    public void Invite_RetransmittedByThePhone_NotRelayedTwice()
    {
        _h.Receive(Invite(), Phone);
        _h.Take();

        _h.Receive(Invite(), Phone);

        Assert.Equal([100], _h.Take().Select(s => s.StatusCode));
    }
}
