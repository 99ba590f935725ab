using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces.Messages;
using static OrleansLB.Client.Sip.Proxy.ProxyHarness;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>Calls through the proxy: answers, failover, CANCEL, timers, and in-dialog requests from both sides.</summary>
public sealed class SipProxyCallFlowTests : IDisposable
{
    private readonly ProxyHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Answers_ProvisionalAnd2xx_RelayedWithoutOurViaAndCallConfirmed()
    {
        var invite = Start();

        Backend(invite, 100, "Trying");
        Backend(invite, 180, "Ringing");
        Backend(invite, 200, "OK");

        var sent = _h.Take();
        Assert.Equal([180, 200], sent.Select(s => s.StatusCode));
        Assert.All(sent, s => Assert.Equal(Phone, s.Destination));
        var ok = sent[1].Parse();
        Assert.Equal(1, ok.ViaCount);
        Assert.Equal("z9hG4bKphone1", Encoding.ASCII.GetString(ok.TopVia.Branch));
        Assert.Equal("uas1", Encoding.ASCII.GetString(ok.ToTag));
        Assert.Contains(_h.State.Calls, r => r is CallConfirmed);
    }

    [Fact]
    public void Answers_2xxRetransmitted_RelayedAgain()
    {
        var invite = Start();
        Backend(invite, 200, "OK");
        _h.Take();

        Backend(invite, 200, "OK");

        Assert.Equal(200, Assert.Single(_h.Take()).StatusCode);
        Assert.Single(_h.State.Calls, r => r is CallConfirmed);
    }

    [Fact]
    public void Answers_486_PassedBackWithoutFailoverAndTheBackendGetsItsAck()
    {
        var invite = Start();

        Backend(invite, 486, "Busy Here");

        var sent = _h.Take();
        var ack = Assert.Single(sent, s => s.IsRequest("ACK"));
        Assert.Equal(invite.Destination, ack.Destination);
        Assert.Equal(486, Assert.Single(sent, s => s.StatusCode != 0).StatusCode);
        Assert.DoesNotContain(sent, s => s.IsRequest("INVITE"));
        Assert.Empty(_h.State.Health);
        Assert.IsType<CallEnded>(_h.State.Calls.Last());
    }

    [Fact]
    public void Failover_On503_MarksTheDestinationAndTriesTheNextWithANewBranch()
    {
        var first = Start();

        Backend(first, 503, "Service Unavailable");

        var sent = _h.Take();
        Assert.Single(sent, s => s.IsRequest("ACK") && s.Destination == first.Destination);
        var second = Assert.Single(sent, s => s.IsRequest("INVITE"));
        Assert.NotEqual(first.Destination, second.Destination);
        Assert.NotEqual(Encoding.ASCII.GetString(first.Parse().TopVia.Branch), Encoding.ASCII.GetString(second.Parse().TopVia.Branch));
        Assert.DoesNotContain(sent, s => s.StatusCode == 503);
        var failed = Assert.IsType<CallFailed>(Assert.Single(_h.State.Health));
        Assert.Equal(503, failed.StatusCode);
        Assert.Equal(KeyOf(first), failed.DestinationKey);
        var moved = Assert.IsType<CallMoved>(_h.State.Calls.Last());
        Assert.Equal(KeyOf(second), moved.DestinationKey);
        Assert.False(moved.RespectMaxLoad);

        Backend(second, 200, "OK");
        Assert.Equal(200, Assert.Single(_h.Take()).StatusCode);
    }

    [Fact]
    public void Failover_NoResponseWithinFailoverTimeout_TriesTheNextAndReportsATimeout()
    {
        var first = Start();

        _h.Advance(4_999);
        Assert.DoesNotContain(_h.Take(), s => s.IsRequest("INVITE") && s.Destination != first.Destination);
        _h.Advance(1);

        var second = Assert.Single(_h.Take(), s => s.IsRequest("INVITE"));
        Assert.NotEqual(first.Destination, second.Destination);
        Assert.Equal(408, Assert.IsType<CallFailed>(Assert.Single(_h.State.Health)).StatusCode);
        Assert.Contains(_h.State.Calls, r => r is CallMoved);
    }

    [Fact]
    public void Failover_EveryDestinationFails_503AndCallEnded()
    {
        var invite = Start();
        for (var i = 0; i < 3; i++)
        {
            Backend(invite, 500, "Server Internal Error");
            var sent = _h.Take();
            if (i < 2)
            {
                invite = Assert.Single(sent, s => s.IsRequest("INVITE"));
            }
            else
            {
                Assert.StartsWith("SIP/2.0 503 Service Unavailable\r\n", Assert.Single(sent, s => s.StatusCode != 0).Text);
            }
        }

        Assert.Equal(3, _h.State.Health.Count());
        Assert.IsType<CallEnded>(_h.State.Calls.Last());
    }

    [Fact]
    public void Failover_LateAnswerFromAnAbandonedDestination_IsRelayedAndTheOtherCancelled()
    {
        var first = Start();
        _h.Advance(5_000);
        var second = Assert.Single(_h.Take(), s => s.IsRequest("INVITE") && s.Destination != first.Destination);
        Backend(second, 180, "Ringing");
        _h.Take();

        Backend(first, 200, "OK");

        var sent = _h.Take();
        Assert.Single(sent, s => s.StatusCode == 200);
        Assert.Single(sent, s => s.IsRequest("CANCEL") && s.Destination == second.Destination);
    }

    [Fact]
    public void CallLoad_MoveRefusedAtMaxLoad_SkipsThatDestination()
    {
        _h.Receive(Invite(user: "load1", callId: "x"), Phone);
        var x = _h.TakeRequest("INVITE");
        _h.Receive(Invite(user: "load1", callId: "y", branch: "z9hG4bKphone2"), Phone);
        var y = _h.TakeRequest("INVITE");
        Assert.NotEqual(x.Destination, y.Destination);

        Backend(x, 503, "Service Unavailable");

        var sent = _h.Take();
        Assert.DoesNotContain(sent, s => s.IsRequest("INVITE"));
        Assert.StartsWith("SIP/2.0 503 ", Assert.Single(sent, s => s.StatusCode != 0).Text);
        var moved = Assert.IsType<CallMoved>(Assert.Single(_h.State.Calls, r => r is CallMoved));
        Assert.True(moved.RespectMaxLoad);
        Assert.Equal("x", moved.CallId);
        Assert.Equal(KeyOf(y), moved.DestinationKey);
        Assert.Contains("select 3 x", _h.State.Reports.OfType<string>());
    }

    [Fact]
    public void Cancel_WhileRinging_200ThenCancelOnTheBranchAnd487Relayed()
    {
        var invite = Start();
        Backend(invite, 180, "Ringing");
        _h.Take();

        _h.Receive(Request("CANCEL"), Phone);

        var sent = _h.Take();
        var ok = Assert.Single(sent, s => s.StatusCode == 200);
        Assert.Equal("CANCEL", Encoding.ASCII.GetString(ok.Parse().CSeqMethodName));
        var cancel = Assert.Single(sent, s => s.IsRequest("CANCEL"));
        Assert.Equal(invite.Destination, cancel.Destination);
        Assert.Equal(Encoding.ASCII.GetString(invite.Parse().TopVia.Branch), Encoding.ASCII.GetString(cancel.Parse().TopVia.Branch));

        Backend(invite, 487, "Request Terminated");

        sent = _h.Take();
        Assert.Equal(487, Assert.Single(sent, s => s.StatusCode != 0).StatusCode);
        Assert.Single(sent, s => s.IsRequest("ACK"));
        Assert.IsType<CallEnded>(_h.State.Calls.Last());
        Assert.Empty(_h.State.Health);
    }

    [Fact]
    public void Cancel_BackendNeverAnswersIt_487MadeHereAfterTheFailoverTimeout()
    {
        var invite = Start();
        Backend(invite, 180, "Ringing");
        _h.Receive(Request("CANCEL"), Phone);
        _h.Take();

        _h.Advance(5_000);

        Assert.StartsWith("SIP/2.0 487 Request Terminated\r\n", Assert.Single(_h.Take(), s => s.StatusCode != 0).Text);
    }

    [Fact]
    public void Cancel_BeforeAnyResponse_NoFailoverAnd487()
    {
        Start();
        _h.Receive(Request("CANCEL"), Phone);
        _h.Take();

        _h.Advance(5_000);

        var sent = _h.Take();
        Assert.DoesNotContain(sent, s => s.IsRequest("INVITE"));
        Assert.Equal(487, Assert.Single(sent, s => s.StatusCode != 0).StatusCode);
    }

    [Fact]
    public void Cancel_UnknownInvite_481()
    {
        _h.Receive(Request("CANCEL", branch: "z9hG4bKnothing"), Phone);

        Assert.StartsWith("SIP/2.0 481 ", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void RingTimeout_CancelsTheBranchAndAnswers408()
    {
        var invite = Start();
        Backend(invite, 180, "Ringing");
        _h.Take();

        _h.Advance(120_000);

        var sent = _h.Take();
        Assert.StartsWith("SIP/2.0 408 Request Timeout\r\n", Assert.Single(sent, s => s.StatusCode != 0).Text);
        Assert.Single(sent, s => s.IsRequest("CANCEL") && s.Destination == invite.Destination);
        Assert.Empty(_h.State.Health);
    }

    [Fact]
    public void InDialog_ByeFromTheCaller_LooseRoutedToTheBackendAndCallEnded()
    {
        _h.Receive(Request("BYE", toTag: "uas1", cseq: 2, requestUri: "sip:ast@203.0.113.1:5060",
            extraHeaders: "Route: <sip:192.0.2.10:5060;lr>"), Phone);

        var bye = _h.TakeRequest("BYE");
        Assert.Equal(Udp("203.0.113.1"), bye.Destination);
        var message = bye.Parse();
        Assert.False(message.Contains(SipHeaderId.Route));
        Assert.Equal(2, message.ViaCount);
        Assert.StartsWith("BYE sip:ast@203.0.113.1:5060 SIP/2.0", bye.Text);
        Assert.IsType<CallEnded>(Assert.Single(_h.State.Calls));

        _h.Receive(TransactionHarness.ResponseTo(bye.Data, 200, "OK"), Udp("203.0.113.1"));
        Assert.Equal(Phone, Assert.Single(_h.Take()).Destination);
    }

    [Fact]
    public void InDialog_ByeFromTheBackend_LooseRoutedToTheCaller()
    {
        var backend = Udp("203.0.113.1");
        _h.Receive(Request("BYE", toTag: "a1", cseq: 5, requestUri: "sip:alice@198.51.100.7:5060",
            sentBy: "203.0.113.1:5060", branch: "z9hG4bKast1", extraHeaders: "Route: <sip:192.0.2.10:5060;lr>"), backend);

        Assert.Equal(Phone, _h.TakeRequest("BYE").Destination);
    }

    [Fact]
    public void InDialog_DoubleRecordRoute_BothOwnRoutesRemovedAndTheirTransportUsed()
    {
        _h.Receive(Request("BYE", toTag: "uas1", cseq: 2, requestUri: "sip:ast@203.0.113.9:5060",
            extraHeaders: "Route: <sip:192.0.2.10:5060;lr;r2=on>, <sip:192.0.2.10:5060;transport=tcp;lr;r2=on>"), Phone);

        var bye = _h.TakeRequest("BYE");
        Assert.Equal(Tcp("203.0.113.9"), bye.Destination);
        Assert.False(bye.Parse().Contains(SipHeaderId.Route));
        Assert.Contains("Via: SIP/2.0/TCP 192.0.2.10:5060;branch=", bye.Text);
    }

    [Fact]
    public void InDialog_ReInvite_RelayedWithActivityReported()
    {
        _h.Receive(Request("INVITE", toTag: "uas1", cseq: 3, requestUri: "sip:ast@203.0.113.1:5060",
            extraHeaders: "Route: <sip:192.0.2.10:5060;lr>"), Phone);

        var sent = _h.Take();
        Assert.Equal(100, sent[0].StatusCode);
        Assert.False(Assert.Single(sent, s => s.IsRequest("INVITE")).Parse().Contains(SipHeaderId.RecordRoute));
        Assert.IsType<CallActivity>(Assert.Single(_h.State.Calls));
    }

    [Fact]
    public void InDialog_WithoutRouteToTheEdge_404NotHere()
    {
        _h.Receive(Request("BYE", toTag: "uas1", requestUri: "sip:ast@203.0.113.1:5060"), Phone);

        Assert.StartsWith("SIP/2.0 404 Not Here\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void AckFor2xx_ForwardedStatelesslyWithTheSameBranchEachTime()
    {
        var ack = Request("ACK", toTag: "uas1", branch: "z9hG4bKack1", requestUri: "sip:ast@203.0.113.2:5060",
            extraHeaders: "Route: <sip:192.0.2.10:5060;lr>");

        _h.Receive(ack, Phone);
        _h.Receive(ack, Phone);

        var sent = _h.Take();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, s => Assert.Equal(Udp("203.0.113.2"), s.Destination));
        Assert.Equal(sent[0].Data, sent[1].Data);
        Assert.False(sent[0].Parse().Contains(SipHeaderId.Route));
        Assert.Equal(0, _h.Transactions.Layer.ServerTransactionCount);
    }

    [Fact]
    public void AckFor2xx_WithoutRouteToTheEdge_Dropped()
    {
        _h.Receive(Request("ACK", toTag: "uas1", branch: "z9hG4bKack2", requestUri: "sip:ast@203.0.113.2:5060"), Phone);

        Assert.Empty(_h.Take());
    }

    [Fact]
    public void AckForNon2xx_AbsorbedHopByHop()
    {
        var invite = Start();
        Backend(invite, 486, "Busy Here");
        var busy = Assert.Single(_h.Take(), s => s.StatusCode == 486);

        _h.Receive(Request("ACK", toTag: Encoding.ASCII.GetString(busy.Parse().ToTag)), Phone);

        Assert.Empty(_h.Take());
    }

    [Fact]
    public void Stray2xx_WithOurViaOnTop_ForwardedToTheNextVia()
    {
        var invite = Start();
        Backend(invite, 200, "OK");
        _h.Take();
        _h.Advance(32_000);

        Backend(invite, 200, "OK");

        Assert.Equal(Phone, Assert.Single(_h.Take()).Destination);
    }

    [Fact]
    public void StrayResponse_NotForUs_Dropped()
    {
        _h.Receive(TransactionHarness.ResponseTo(Encoding.UTF8.GetBytes(Invite()), 200, "OK"), Udp("203.0.113.1"));

        Assert.Empty(_h.Take());
    }

    /// <summary>Sends a phone's INVITE to set 1 and returns the forwarded copy.</summary>
    private SentMessage Start()
    {
        _h.Receive(Invite(), Phone);
        return _h.TakeRequest("INVITE");
    }

    private void Backend(SentMessage request, int status, string reason)
        => _h.Receive(TransactionHarness.ResponseTo(request.Data, status, reason), request.Destination!.Value);

    private string KeyOf(SentMessage request)
    {
        var address = request.Destination!.Value.EndPoint.Address.ToString();
        return _h.State.Snapshot.Sets.SelectMany(s => s.Destinations).First(d => d.Uri.Contains(address, StringComparison.Ordinal)).Key;
    }
}
