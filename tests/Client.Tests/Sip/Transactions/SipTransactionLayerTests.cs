using System.Text;
using FsCheck.Xunit;
using OrleansLB.Client.Sip.Transport;
using static OrleansLB.Client.Sip.Transactions.TransactionHarness;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipTransactionLayerTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Malformed_RequestWithTheHeadersToAnswer_Gets400WithTheParsersReason()
    {
        _h.Receive(Request("INVITE").Replace("CSeq: 1 INVITE", "CSeq: 1 BYE", StringComparison.Ordinal), Phone);

        var sent = Assert.Single(_h.Transport.Take());
        Assert.StartsWith("SIP/2.0 400 Bad Request - CSeq Method Mismatch\r\n", sent.Text);
        var response = sent.Parse();
        Assert.Equal("call-1@198.51.100.7", Encoding.ASCII.GetString(response.CallId));
        Assert.Equal(Phone, sent.Destination);
        Assert.Empty(_h.User.Requests);
        Assert.Equal(1, _h.Layer.Stats.MalformedRequests);
    }

    [Fact]
    public void Malformed_ViaAndMaxForwards_400NamesTheProblem()
    {
        _h.Receive(Request("OPTIONS").Replace("Max-Forwards: 70", "Max-Forwards: many", StringComparison.Ordinal), Phone);

        Assert.StartsWith("SIP/2.0 400 Bad Request - Malformed Max-Forwards\r\n", Assert.Single(_h.Transport.Take()).Text);
    }

    [Fact]
    public void Malformed_RequestWithoutCallId_IsNotAnswered()
    {
        _h.Receive(Request("INVITE").Replace("Call-ID: call-1@198.51.100.7\r\n", "", StringComparison.Ordinal), Phone);

        Assert.Empty(_h.Transport.Take());
        Assert.Equal(1, _h.Layer.Stats.MalformedRequests);
    }

    [Fact]
    public void Malformed_Ack_IsNeverAnswered()
    {
        _h.Receive(Request("ACK", toTag: "x").Replace("CSeq: 1 ACK", "CSeq: x ACK", StringComparison.Ordinal), Phone);

        Assert.Empty(_h.Transport.Take());
    }

    [Fact]
    public void Malformed_OverTcp_400GoesOnTheConnection()
    {
        _h.Receive(Request("OPTIONS", transport: "TCP").Replace("CSeq: 1 OPTIONS", "CSeq: 1", StringComparison.Ordinal),
            new SipEndPoint(SipTransportKind.Tcp, Phone.EndPoint), connectionId: 5);

        var sent = Assert.Single(_h.Transport.Take());
        Assert.Equal(5, sent.ConnectionId);
        Assert.StartsWith("SIP/2.0 400 ", sent.Text);
    }

    [Fact]
    public void Malformed_Response_IsDroppedAndCounted()
    {
        _h.Receive("SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n", Server);

        Assert.Empty(_h.Transport.Take());
        Assert.Empty(_h.User.StrayResponses);
        Assert.Equal(1, _h.Layer.Stats.MalformedResponses);
    }

    [Property(MaxTest = 300)]
    public void Malformed_AnyBytes_NeverThrowAndNeverAnswerAResponse(byte[] junk)
    {
        var bytes = junk.Length > 0 && junk[0] % 2 == 0 ? [.. "SIP/2.0 "u8.ToArray(), .. junk] : junk;

        _h.Layer.OnMessage(new ReceivedMessage(bytes, LocalUdp, Phone, 0));

        Assert.Equal(0, _h.Layer.Stats.HandlerFailures);
        Assert.DoesNotContain(_h.Transport.Take(), s => s.StatusCode == 0);
    }

    [Fact]
    public void Stray_ResponseWithNoTransaction_GoesToTheUser()
    {
        _h.Receive(ResponseTo(Outgoing("INVITE", "z9hG4bKgone"), 200, "OK"), Server);

        Assert.Single(_h.User.StrayResponses);
        Assert.Equal(1, _h.Layer.Stats.StrayResponses);
    }

    [Fact]
    public void NoUser_RequestsAreDropped()
    {
        _h.Layer.User = null;

        _h.Receive(Request("INVITE"), Phone);

        Assert.Empty(_h.Transport.Take());
        Assert.Equal(0, _h.Layer.ServerTransactionCount);
    }
}
