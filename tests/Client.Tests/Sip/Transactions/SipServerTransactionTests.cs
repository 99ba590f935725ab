using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;
using static OrleansLB.Client.Sip.Transactions.TransactionHarness;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipServerTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Invite_New_Sends100TryingAtOnceAndPassesItUp()
    {
        _h.Receive(Request("INVITE"), Phone);

        var sent = Assert.Single(_h.Transport.Take());
        Assert.Equal(100, sent.StatusCode);
        Assert.Equal(Phone, sent.Destination);
        Assert.False(sent.Parse().HasToTag);
        var transaction = Assert.Single(_h.User.Requests);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.True(transaction.IsInvite);
    }

    [Fact]
    public void Invite_Retransmitted_ResendsLastProvisionalAndIsNotPassedUp()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        var ringing = ServerTransactionBytes(transaction, 180, "Ringing");
        transaction.SendResponse(ringing, 180);
        _h.Transport.Take();

        _h.Receive(Request("INVITE"), Phone);

        var resent = Assert.Single(_h.Transport.Take());
        Assert.Equal(ringing, resent.Data);
        Assert.Single(_h.User.Requests);
        Assert.Equal(1, _h.Layer.Stats.RetransmissionsAbsorbed);
    }

    [Fact]
    public void Invite_FinalNon2xxOverUdp_TimerGRetransmitsDoublingUpToT2()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);

        Assert.True(transaction.Respond(486, "Busy Here"));

        // Sent at 0, then G at 500, 1000, 2000, 4000, 4000 ms intervals: 500, 1500, 3500, 7500, 11500.
        Assert.Equal([500, 1500, 3500, 7500, 11500], _h.SendTimes(12_000));
        Assert.Equal(SipTransactionState.Completed, transaction.State);
    }

    [Fact]
    public void Invite_NoAck_TimerHEndsTheTransactionAfter64T1()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        transaction.Respond(503, "Service Unavailable");

        _h.Advance(31_999);
        Assert.Equal(1, _h.Layer.ServerTransactionCount);
        _h.Advance(1);

        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Invite_AckForFinal_IsAbsorbedStopsTimerGAndTimerIEnds()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        transaction.Respond(486, "Busy Here");
        _h.Transport.Take();

        _h.Receive(Request("ACK", toTag: transaction.LocalTag), Phone);
        _h.Receive(Request("ACK", toTag: transaction.LocalTag), Phone);

        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        Assert.Empty(_h.User.Acks);
        Assert.Empty(_h.SendTimes(4_999));
        Assert.Equal(1, _h.Layer.ServerTransactionCount);
        _h.Advance(1);
        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Invite_Retransmitted_InCompletedResendsFinal()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        transaction.Respond(404, "Not Found");
        var final = _h.Transport.Take()[^1].Data;

        _h.Receive(Request("INVITE"), Phone);

        Assert.Equal(final, Assert.Single(_h.Transport.Take()).Data);
        Assert.NotNull(transaction.Request);
    }

    [Fact]
    public void Invite_2xx_AcceptedAbsorbsInviteRetransmissionsPassesAckUpAndTimerLEnds()
    {
        _h.Receive(Request("INVITE"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        var ok = ServerTransactionBytes(transaction, 200, "OK");
        var busy = ServerTransactionBytes(transaction, 486, "Busy");

        Assert.True(transaction.SendResponse(ok, 200));
        Assert.True(transaction.SendResponse(ok, 200));
        Assert.False(transaction.SendResponse(busy, 486));
        Assert.False(transaction.Respond(486, "Busy Here"));
        Assert.Null(transaction.Request);
        _h.Transport.Take();
        _h.Receive(Request("INVITE"), Phone);
        _h.Receive(Request("ACK", toTag: "uas1"), Phone);

        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        Assert.Empty(_h.Transport.Take());
        Assert.Single(_h.User.Acks);
        _h.Advance(32_000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Theory]
    [InlineData("INVITE", 200)]
    [InlineData("BYE", 200)]
    [InlineData("INVITE", 486)]
    public void Linger_Set_EndsAcceptedAndNonInviteCompletedThenButNotTheAckWait(string method, int status)
    {
        using var h = new TransactionHarness(new SipTimerOptions { Linger = TimeSpan.FromSeconds(5) });
        h.Receive(Request(method, toTag: method == "BYE" ? "t1" : null), Phone);
        var transaction = Assert.Single(h.User.Requests);
        transaction.Respond(status, "Final");

        h.Advance(4_999);
        Assert.Equal(1, h.Layer.ServerTransactionCount);
        h.Advance(1);

        // Timer H waits 64·T1 for the ACK of a failure whatever the linger: it is not a linger.
        Assert.Equal(status == 486 ? 1 : 0, h.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Invite_OverTcp_NoTimerGAndAckEndsAtOnce()
    {
        var phone = new SipEndPoint(SipTransportKind.Tcp, Phone.EndPoint);
        _h.Receive(Request("INVITE", transport: "TCP"), phone, connectionId: 42);
        var transaction = Assert.Single(_h.User.Requests);
        Assert.Equal(42, Assert.Single(_h.Transport.Take()).ConnectionId);

        transaction.Respond(486, "Busy Here");
        Assert.Single(_h.Transport.Take());
        Assert.Empty(_h.SendTimes(10_000));
        _h.Receive(Request("ACK", transport: "TCP", toTag: transaction.LocalTag), phone, connectionId: 42);

        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void NonInvite_FinalOverUdp_RetransmissionGetsFinalAndTimerJEnds()
    {
        _h.Receive(Request("OPTIONS"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        Assert.Empty(_h.Transport.Take());
        Assert.Equal(SipTransactionState.Trying, transaction.State);

        _h.Receive(Request("OPTIONS"), Phone);
        Assert.Empty(_h.Transport.Take());
        transaction.Respond(200, "OK");
        var final = Assert.Single(_h.Transport.Take());
        _h.Receive(Request("OPTIONS"), Phone);

        Assert.Null(transaction.Request);
        Assert.False(transaction.Respond(500, "Server Internal Error"));
        Assert.Equal(final.Data, Assert.Single(_h.Transport.Take()).Data);
        Assert.Equal(200, final.StatusCode);
        Assert.Equal(transaction.LocalTag, System.Text.Encoding.ASCII.GetString(final.Parse().ToTag));
        Assert.Empty(_h.SendTimes(31_999));
        _h.Advance(1);
        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }

    [Fact]
    public void NonInvite_ProvisionalThenRetransmission_ResendsProvisional()
    {
        _h.Receive(Request("BYE", toTag: "t1"), Phone);
        var transaction = Assert.Single(_h.User.Requests);
        transaction.Respond(180, "Wait");
        var provisional = Assert.Single(_h.Transport.Take());

        _h.Receive(Request("BYE", toTag: "t1"), Phone);

        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal(provisional.Data, Assert.Single(_h.Transport.Take()).Data);
    }

    [Fact]
    public void NonInvite_FinalOverTcp_EndsAtOnce()
    {
        _h.Receive(Request("OPTIONS", transport: "TCP"), new SipEndPoint(SipTransportKind.Tcp, Phone.EndPoint), connectionId: 9);
        var transaction = Assert.Single(_h.User.Requests);

        transaction.Respond(200, "OK");

        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Match_SameBranchOtherSentBy_IsANewTransaction()
    {
        _h.Receive(Request("OPTIONS"), Phone);
        _h.Receive(Request("OPTIONS", sentBy: "198.51.100.8:5060"), Phone);

        Assert.Equal(2, _h.User.Requests.Count);
    }

    [Fact]
    public void Match_CancelWithTheInvitesBranch_HasItsOwnTransactionAndFindsTheInvite()
    {
        _h.Receive(Request("INVITE"), Phone);
        var invite = Assert.Single(_h.User.Requests);

        _h.Receive(Request("CANCEL"), Phone);

        Assert.Equal(2, _h.User.Requests.Count);
        var cancel = _h.User.Requests.Last();
        Assert.Equal(SipMethod.Cancel, cancel.Request!.Message.Method);
        Assert.Same(invite, _h.Layer.FindInviteTransaction(cancel.Request!));
    }

    [Fact]
    public void Match_CancelForUnknownInvite_FindsNothing()
    {
        _h.Receive(Request("CANCEL", branch: "z9hG4bKother"), Phone);

        Assert.Null(_h.Layer.FindInviteTransaction(Assert.Single(_h.User.Requests).Request!));
    }

    [Fact]
    public void Match_Rfc2543RequestWithoutCookie_RetransmissionMatchesByItsFields()
    {
        _h.Receive(Request("INVITE", branch: "legacy1"), Phone);
        _h.Receive(Request("INVITE", branch: "legacy1"), Phone);
        _h.Receive(Request("INVITE", branch: "legacy1", cseq: 2), Phone);

        Assert.Equal(2, _h.User.Requests.Count);
    }

    [Fact]
    public void Ack_WithoutTransaction_GoesToTheUser()
    {
        _h.Receive(Request("ACK", branch: "z9hG4bKack2xx", toTag: "x"), Phone);

        Assert.Single(_h.User.Acks);
        Assert.Empty(_h.User.Requests);
    }

    [Fact]
    public void Response_RequestWithRPort_GoesToSourcePortWithReceivedAndRPort()
    {
        var natted = new SipEndPoint(SipTransportKind.Udp, System.Net.IPAddress.Parse("203.0.113.99"), 40000);
        _h.Receive(Request("OPTIONS", sentBy: "10.1.1.1:5060;rport"), natted);
        var transaction = Assert.Single(_h.User.Requests);

        transaction.Respond(200, "OK");

        var sent = Assert.Single(_h.Transport.Take());
        Assert.Equal(natted, sent.Destination);
        Assert.Contains("Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bKphone1;received=203.0.113.99;rport=40000\r\n", sent.Text);
    }

    [Fact]
    public void Response_SentByDiffersFromSource_GoesToSourceAddressAndViaPort()
    {
        var source = new SipEndPoint(SipTransportKind.Udp, System.Net.IPAddress.Parse("203.0.113.99"), 40000);
        _h.Receive(Request("OPTIONS", sentBy: "phone.example.com:5070"), source);

        Assert.Single(_h.User.Requests).Respond(200, "OK");

        var sent = Assert.Single(_h.Transport.Take());
        Assert.Equal(new SipEndPoint(SipTransportKind.Udp, source.EndPoint.Address, 5070), sent.Destination);
        Assert.Contains(";received=203.0.113.99\r\n", sent.Text);
    }

    [Fact]
    public void Lifetime_UnansweredTransaction_IsDroppedBySafetyNet()
    {
        _h.Receive(Request("OPTIONS"), Phone);

        _h.Advance(TimeSpan.FromMinutes(15).TotalMilliseconds);

        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }

    private static byte[] ServerTransactionBytes(SipServerTransaction transaction, int status, string reason)
        => SipServerTransaction.Build(transaction.Request!, status, reason, "uas1", null).ToArray();
}
