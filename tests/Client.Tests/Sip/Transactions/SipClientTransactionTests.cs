using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;
using static OrleansLB.Client.Sip.Transactions.TransactionHarness;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipClientTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Invite_OverUdp_TimerARetransmitsDoublingAndTimerBTimesOut()
    {
        var transaction = _h.Layer.StartClientTransaction(Outgoing("INVITE", "z9hG4bKc1"), Server, _h.User);
        Assert.Single(_h.Transport.Take());

        // A at 500, then 1000, 2000, 4000, 8000, 16000 ms: 500, 1500, 3500, 7500, 15500, 31500; B at 32000.
        Assert.Equal([500, 1500, 3500, 7500, 15500, 31500], _h.SendTimes(32_000));
        var (failed, failure) = Assert.Single(_h.User.Failures);
        Assert.Same(transaction, failed);
        Assert.Equal(SipClientFailure.Timeout, failure);
        Assert.Equal(0, _h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Invite_OverTcp_NoRetransmissions()
    {
        var tcp = new SipEndPoint(SipTransportKind.Tcp, Server.EndPoint);
        _h.Layer.StartClientTransaction(Outgoing("INVITE", "z9hG4bKc2", "TCP"), tcp, _h.User);
        _h.Transport.Take();

        Assert.Empty(_h.SendTimes(31_999));
        _h.Advance(1);
        Assert.Single(_h.User.Failures);
    }

    [Fact]
    public void Invite_Provisional_StopsTimerAAndTimerBAndIsPassedUp()
    {
        var transaction = Start("INVITE", "z9hG4bKc3");
        _h.Receive(ResponseTo(transaction.RequestBytes, 180, "Ringing"), Server);

        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal(180, Assert.Single(_h.User.Responses).Response.Message.StatusCode);
        Assert.Empty(_h.SendTimes(40_000));
        Assert.Empty(_h.User.Failures);
    }

    [Fact]
    public void Invite_FinalNon2xx_SendsAckOnceUpAndAgainForEachRetransmission()
    {
        var transaction = Start("INVITE", "z9hG4bKc4");
        var busy = ResponseTo(transaction.RequestBytes, 486, "Busy Here", toTag: "b9");

        _h.Receive(busy, Server);
        _h.Receive(busy, Server);

        var acks = _h.Transport.Take();
        Assert.Equal(2, acks.Count);
        var ack = acks[0].Parse();
        Assert.Equal(SipMethod.Ack, ack.Method);
        Assert.Equal(Server, acks[0].Destination);
        Assert.Equal("z9hG4bKc4", Encoding.ASCII.GetString(ack.TopVia.Branch));
        Assert.Equal("b9", Encoding.ASCII.GetString(ack.ToTag));
        Assert.Equal(7u, ack.CSeqNumber);
        Assert.Equal(acks[0].Data, acks[1].Data);
        Assert.Single(_h.User.Responses);
        Assert.Equal(486, transaction.FinalStatusCode);
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        _h.Advance(32_000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Empty(_h.User.Failures);
    }

    [Fact]
    public void Invite_2xx_AcceptedPassesRetransmissionsUpWithoutAck()
    {
        var transaction = Start("INVITE", "z9hG4bKc5");
        var ok = ResponseTo(transaction.RequestBytes, 200, "OK");

        _h.Receive(ok, Server);
        _h.Receive(ok, Server);

        Assert.Empty(_h.Transport.Take());
        Assert.Equal(2, _h.User.Responses.Count);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        Assert.Null(transaction.RequestBytes);
        Assert.Null(transaction.Request);
        _h.Advance(32_000);
        Assert.Equal(0, _h.Layer.ClientTransactionCount);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(486)]
    public void Linger_Set_EndsTimersMAndD(int status)
    {
        using var h = new TransactionHarness(new SipTimerOptions { Linger = TimeSpan.FromSeconds(5) });
        var transaction = h.Layer.StartClientTransaction(Outgoing("INVITE", "z9hG4bKc20"), Server, h.User);
        h.Receive(ResponseTo(transaction.RequestBytes, status, "Final"), Server);

        h.Advance(4_999);
        Assert.Equal(1, h.Layer.ClientTransactionCount);
        h.Advance(1);
        Assert.Equal(0, h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Cancel_BeforeProvisional_WaitsThenSendsCancelWithTheSameBranch()
    {
        var transaction = Start("INVITE", "z9hG4bKc6");
        transaction.Cancel();
        Assert.Empty(_h.SendTimes(2_000));

        _h.Receive(ResponseTo(transaction.RequestBytes, 183, "Session Progress"), Server);

        var cancel = Assert.Single(_h.Transport.Take());
        var parsed = cancel.Parse();
        Assert.Equal(SipMethod.Cancel, parsed.Method);
        Assert.Equal(SipMethod.Cancel, parsed.CSeqMethod);
        Assert.Equal(7u, parsed.CSeqNumber);
        Assert.Equal("z9hG4bKc6", Encoding.ASCII.GetString(parsed.TopVia.Branch));
        Assert.Equal(Server, cancel.Destination);
        Assert.Equal(2, _h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Cancel_ResponsesOfInviteAndCancel_MatchTheirOwnTransactionsByCSeqMethod()
    {
        var transaction = Start("INVITE", "z9hG4bKc7");
        _h.Receive(ResponseTo(transaction.RequestBytes, 180, "Ringing"), Server);
        transaction.Cancel();
        var cancel = Assert.Single(_h.Transport.Take());

        _h.Receive(ResponseTo(cancel.Data, 200, "OK"), Server);
        _h.Receive(ResponseTo(transaction.RequestBytes, 487, "Request Terminated"), Server);

        Assert.Equal([180, 487], _h.User.Responses.Select(r => r.Response.Message.StatusCode));
        Assert.Empty(_h.User.StrayResponses);
    }

    [Fact]
    public void Cancel_NoFinalResponse_EndsAsTimedOut64T1AfterTheCancel()
    {
        var transaction = Start("INVITE", "z9hG4bKc8");
        _h.Receive(ResponseTo(transaction.RequestBytes, 180, "Ringing"), Server);
        _h.Advance(10_000);
        transaction.Cancel();

        _h.Advance(31_999);
        Assert.Empty(_h.User.Failures);
        _h.Advance(1);

        Assert.Equal(SipClientFailure.Timeout, Assert.Single(_h.User.Failures).Failure);
    }

    [Fact]
    public void NonInvite_OverUdp_TimerERetransmitsDoublingToT2AndTimerFTimesOut()
    {
        Start("OPTIONS", "z9hG4bKc9");

        // E: 500, 1000, 2000, 4000, then T2 each time: 500, 1500, 3500, 7500, 11500, ... 31500; F at 32000.
        Assert.Equal([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], _h.SendTimes(32_000));
        Assert.Equal(SipClientFailure.Timeout, Assert.Single(_h.User.Failures).Failure);
    }

    [Fact]
    public void NonInvite_Provisional_RetransmitsEveryT2()
    {
        var transaction = Start("OPTIONS", "z9hG4bKc10");
        _h.Advance(500);
        _h.Transport.Take();
        _h.Receive(ResponseTo(transaction.RequestBytes, 100, "Trying"), Server);

        // E was due 1000 ms after the first retransmission; from then on every T2.
        Assert.Equal([1000, 5000, 9000], _h.SendTimes(9_000));
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
    }

    [Fact]
    public void NonInvite_Final_CompletedAbsorbsRetransmissionsAndTimerKEnds()
    {
        var transaction = Start("OPTIONS", "z9hG4bKc11");
        var ok = ResponseTo(transaction.RequestBytes, 200, "OK");

        _h.Receive(ok, Server);
        _h.Receive(ok, Server);

        Assert.Single(_h.User.Responses);
        Assert.Null(transaction.RequestBytes);
        Assert.Empty(_h.SendTimes(4_999));
        Assert.Equal(1, _h.Layer.ClientTransactionCount);
        _h.Advance(1);
        Assert.Equal(0, _h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Timeout_GivenByTheCaller_ReplacesTimerF()
    {
        _h.Layer.StartClientTransaction(Outgoing("OPTIONS", "z9hG4bKc12"), Server, _h.User, TimeSpan.FromSeconds(2));

        _h.Advance(1_999);
        Assert.Empty(_h.User.Failures);
        _h.Advance(1);

        Assert.Single(_h.User.Failures);
    }

    [Fact]
    public void TransportError_OnFirstSend_EndsTheTransactionAndTellsTheUser()
    {
        _h.Transport.Result = _ => new SipSendResult(SipSendStatus.ConnectionRefused);

        var transaction = Start("INVITE", "z9hG4bKc13");

        Assert.Equal(SipClientFailure.TransportError, Assert.Single(_h.User.Failures).Failure);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, _h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Unreachable_QuotedRequestWithoutAResponse_FailsAsATransportErrorAtOnce()
    {
        var invite = Start("INVITE", "z9hG4bKc20");
        var bye = Start("BYE", "z9hG4bKc21");

        _h.Layer.OnUnreachable(Server, Quote(invite));
        _h.Layer.OnUnreachable(Server, Quote(bye));

        Assert.Equal([(invite, SipClientFailure.TransportError), (bye, SipClientFailure.TransportError)], _h.User.Failures);
        Assert.Equal(0, _h.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Unreachable_AnsweredElsewhereOrCutShort_ChangesNothing()
    {
        var other = new SipEndPoint(SipTransportKind.Udp, Server.EndPoint.Address, Server.EndPoint.Port + 1);
        var ringing = Start("INVITE", "z9hG4bKc22");
        _h.Receive(ResponseTo(ringing.RequestBytes, 180, "Ringing"), Server);
        var calling = Start("INVITE", "z9hG4bKc23");
        var bytes = calling.RequestBytes!.Value;
        var viaEnds = Encoding.ASCII.GetString(bytes.Span).IndexOf("z9hG4bKc23", StringComparison.Ordinal) + 10;

        _h.Layer.OnUnreachable(Server, Quote(ringing));
        _h.Layer.OnUnreachable(other, Quote(calling));
        _h.Layer.OnUnreachable(Server, bytes.Span[..viaEnds]);
        _h.Layer.OnUnreachable(Server, bytes.Span[..8]);

        Assert.Empty(_h.User.Failures);
        Assert.Equal(SipTransactionState.Proceeding, ringing.State);
        Assert.Equal(SipTransactionState.Calling, calling.State);
    }

    /// <summary>The start of a request as a Linux ICMP error quotes it.</summary>
    private static ReadOnlySpan<byte> Quote(SipClientTransaction transaction)
    {
        var bytes = transaction.RequestBytes!.Value.Span;
        return bytes[..Math.Min(bytes.Length, UdpErrorQueue.QuoteSize)];
    }

    [Fact]
    public void Match_ResponseWithOtherBranchOrMethod_IsStray()
    {
        var transaction = Start("INVITE", "z9hG4bKc14");
        var otherBranch = ResponseTo(Outgoing("INVITE", "z9hG4bKnope"), 180, "Ringing");
        var otherMethod = ResponseTo(Outgoing("BYE", "z9hG4bKc14"), 200, "OK");

        _h.Receive(otherBranch, Server);
        _h.Receive(otherMethod, Server);

        Assert.Empty(_h.User.Responses);
        Assert.Equal(2, _h.User.StrayResponses.Count);
        Assert.Equal(SipTransactionState.Calling, transaction.State);
    }

    [Fact]
    public void Start_RequestWithoutMagicCookie_Throws()
        => Assert.Throws<ArgumentException>(() => _h.Layer.StartClientTransaction(Outgoing("OPTIONS", "nocookie"), Server, _h.User));

    [Fact]
    public async Task SendRequestAsync_FinalResponse_GivesStatusAndRoundTrip()
    {
        var pending = _h.Layer.SendRequestAsync(new SipOutboundRequest(Server, "OPTIONS", "sip:203.0.113.1", "sip:olb@192.0.2.10", "sip:203.0.113.1"), TimeSpan.FromSeconds(5));
        var request = Assert.Single(_h.Transport.Take());
        var parsed = request.Parse();
        Assert.Equal(SipMethod.Options, parsed.Method);
        Assert.StartsWith("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK", parsed.TopVia.ToString());
        Assert.True(parsed.TopVia.HasRPort);
        Assert.True(parsed.FromTag.Length > 0);

        _h.Advance(120);
        _h.Receive(ResponseTo(request.Data, 200, "OK"), Server);
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new SipRequestResult(SipRequestOutcome.Response, 200, "OK", TimeSpan.FromMilliseconds(120)), result);
    }

    [Fact]
    public async Task SendRequestAsync_NoAnswer_TimesOutAfterTheProbeTimeoutWithTimerE()
    {
        var pending = _h.Layer.SendRequestAsync(new SipOutboundRequest(Server, "OPTIONS", "sip:203.0.113.1", "sip:olb@192.0.2.10", "sip:203.0.113.1"), TimeSpan.FromSeconds(3));

        var times = _h.SendTimes(3_000);
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([500, 1500], times);
        Assert.Equal(SipRequestOutcome.Timeout, result.Outcome);
        Assert.Equal(0, result.StatusCode);
    }

    [Fact]
    public async Task SendRequestAsync_NoListenerForTransport_IsATransportError()
    {
        using var h = new TransactionHarness();
        h.Layer.Attach(h.Transport, new SipLocalAddresses([]));

        var result = await h.Layer.SendRequestAsync(new SipOutboundRequest(Server, "OPTIONS", "sip:a", "sip:b", "sip:a"), TimeSpan.FromSeconds(1));

        Assert.Equal(SipRequestOutcome.TransportError, result.Outcome);
    }

    /// <summary>Starts a transaction and takes its first send.</summary>
    private SipClientTransaction Start(string method, string branch)
    {
        var transaction = _h.Layer.StartClientTransaction(Outgoing(method, branch), Server, _h.User);
        _h.Transport.Take();
        return transaction;
    }
}
