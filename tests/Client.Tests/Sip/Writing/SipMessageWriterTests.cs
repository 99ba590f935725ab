using System.Buffers;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Writing;

public sealed class SipMessageWriterTests
{
    private static readonly string RoutedInvite = SipSamples.Build(
        """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP client.atlanta.example.com;rport;branch=z9hG4bK74bf9
        Max-Forwards: 70
        Route: <sip:lb.example.com;lr>, <sip:p2.example.com;lr>
        Route: <sip:p3.example.com;lr>
        Record-Route: <sip:p0.example.com;lr>
        From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
        To: Bob <sip:bob@biloxi.example.com>
        Call-ID: 3848276298220188511@atlanta.example.com
        CSeq: 1 INVITE
        Contact: <sip:alice@client.atlanta.example.com>
        Content-Type: application/sdp
        """,
        SipSamples.InviteSdp);

    [Fact]
    public void WriteResponse_ToRequest_CopiesTheTransactionHeadersAndAddsTag()
    {
        var request = Parse(SipSamples.Invite);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteResponse(output, request, 486, "Busy Here"u8, new SipResponseOptions { ToTag = "a6c85cf"u8 });

        Assert.Equal(
            "SIP/2.0 486 Busy Here\r\n"
            + "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
            + "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Content-Length: 0\r\n\r\n",
            Text(output.WrittenSpan));
    }

    [Fact]
    public void WriteResponse_ToTaggedRequest_KeepsTheTagAndAppendsExtraHeaders()
    {
        var request = Parse(SipSamples.Invite.Replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=314159", StringComparison.Ordinal));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteResponse(output, request, 503, "Service Unavailable"u8,
            new SipResponseOptions { ToTag = "new"u8, ExtraHeaders = "Retry-After: 5\r\n"u8 });

        var response = Parse(Text(output.WrittenSpan));
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("314159", Text(response.ToTag));
        Assert.Equal("5", Text(response.GetHeaderValue(SipHeaderId.RetryAfter)));
        Assert.Equal(0, response.ContentLength);
    }

    [Fact]
    public void WriteResponse_WithSourceAddress_SetsReceivedAndRPortOnTopVia()
    {
        var request = Parse(RoutedInvite);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteResponse(output, request, 100, "Trying"u8,
            new SipResponseOptions { ViaReceived = "198.51.100.7"u8, ViaRPort = 40123 });

        var response = Parse(Text(output.WrittenSpan));
        Assert.StartsWith("SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bK74bf9;received=198.51.100.7;rport=40123\r\n", Text(output.WrittenSpan));
        Assert.Equal(40123, response.TopVia.RPort);
        Assert.False(response.HasToTag);
    }

    [Fact]
    public void WriteForwardedRequest_WithProxyEdits_ChangesOnlyWhatItMust()
    {
        var request = Parse(RoutedInvite);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits
        {
            RequestUri = "sip:bob@10.0.0.21:5080"u8,
            Via = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlb1"u8,
            RecordRoute = "<sip:10.0.0.1;lr>"u8,
            RemoveFirstRoute = true,
        });

        Assert.Equal(
            "INVITE sip:bob@10.0.0.21:5080 SIP/2.0\r\n"
            + "Record-Route: <sip:10.0.0.1;lr>\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlb1\r\n"
            + "Via: SIP/2.0/UDP client.atlanta.example.com;rport;branch=z9hG4bK74bf9\r\n"
            + "Max-Forwards: 69\r\n"
            + "Route: <sip:p2.example.com;lr>\r\n"
            + "Route: <sip:p3.example.com;lr>\r\n"
            + "Record-Route: <sip:p0.example.com;lr>\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:alice@client.atlanta.example.com>\r\n"
            + "Content-Type: application/sdp\r\n"
            + $"Content-Length: {SipSamples.InviteSdp.Length}\r\n"
            + "\r\n"
            + SipSamples.InviteSdp,
            Text(output.WrittenSpan));
    }

    [Fact]
    public void WriteForwardedRequest_Output_ParsesBackWithTheEdits()
    {
        var request = Parse(RoutedInvite);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits
        {
            Via = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlb1"u8,
            RemoveFirstRoute = true,
            ViaReceived = "198.51.100.7"u8,
            ViaRPort = 40123,
        });

        var forwarded = Parse(Text(output.WrittenSpan));
        Assert.Equal(request.RequestUri.ToArray(), forwarded.RequestUri.ToArray());
        Assert.Equal(2, forwarded.ViaCount);
        Assert.Equal("10.0.0.1", Text(forwarded.TopVia.Host));
        Assert.Equal("198.51.100.7", Text(forwarded.GetVia(1).Received));
        Assert.Equal(40123, forwarded.GetVia(1).RPort);
        Assert.Equal("z9hG4bK74bf9", Text(forwarded.GetVia(1).Branch));
        Assert.Equal(69, forwarded.MaxForwards);
        Assert.True(forwarded.TryGetFirstAddress(SipHeaderId.Route, out var route));
        Assert.Equal("sip:p2.example.com;lr", Text(route.Uri));
        Assert.Equal(request.Body.ToArray(), forwarded.Body.ToArray());
    }

    [Fact]
    public void WriteForwardedRequest_SingleRouteLine_IsDropped()
    {
        var request = Parse(SipSamples.Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nRoute: <sip:lb.example.com;lr>\r\n", StringComparison.Ordinal));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits { RemoveFirstRoute = true });

        var forwarded = Parse(Text(output.WrittenSpan));
        Assert.False(forwarded.Contains(SipHeaderId.Route));
        Assert.Equal(request.HeaderCount - 1, forwarded.HeaderCount);
    }

    [Fact]
    public void WriteForwardedRequest_RemoveTwoRoutes_DropsValuesAcrossLinesAndKeepsTheRest()
    {
        var request = Parse(SipSamples.Invite.Replace("Max-Forwards: 70\r\n",
            "Max-Forwards: 70\r\nRoute: <sip:lb-in.example.com;lr;r2=on>\r\nRoute: <sip:lb-out.example.com;transport=tcp;lr;r2=on>, <sip:next.example.com;lr>\r\n", StringComparison.Ordinal));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits { RemoveRoutes = 2 });

        Assert.Contains("\r\nRoute: <sip:next.example.com;lr>\r\n", Text(output.WrittenSpan));
        Assert.DoesNotContain("lb-", Text(output.WrittenSpan));
        Assert.True(Parse(Text(output.WrittenSpan)).TryGetFirstRoute(out _));
    }

    [Fact]
    public void WriteForwardedRequest_MaxForwardsIfAbsent_IsWrittenWhenTheRequestHasNone()
    {
        var request = Parse(SipSamples.Invite.Replace("Max-Forwards: 70\r\n", "", StringComparison.Ordinal));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits { MaxForwardsIfAbsent = 10 });

        Assert.Equal(10, Parse(Text(output.WrittenSpan)).MaxForwards);
    }

    [Fact]
    public void WriteForwardedRequest_WithoutMaxForwardsOrContentLength_AddsThem()
    {
        var request = Parse(SipSamples.Raw(
            """
            MESSAGE sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>
            Call-ID: a@b
            CSeq: 2 MESSAGE
            """) + "hello");
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedRequest(output, request, new SipForwardEdits { Via = "SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKlb2"u8 });

        var forwarded = new SipParser().Parse(output.WrittenMemory, SipFraming.Stream, out var m);
        Assert.True(forwarded.IsOk, forwarded.ToString());
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal(5, m.ContentLength);
        Assert.Equal("hello", Text(m.Body));
    }

    [Fact]
    public void WriteForwardedRequest_MaxForwardsZero_Throws()
    {
        var request = Parse(SipSamples.Invite.Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal));

        Assert.Throws<InvalidOperationException>(() => SipMessageWriter.WriteForwardedRequest(new ArrayBufferWriter<byte>(), request, default));
    }

    [Fact]
    public void WriteForwardedResponse_RemovesOnlyTheTopVia()
    {
        var response = Parse(SipSamples.Ok);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedResponse(output, response);

        var expected = SipSamples.Ok.Replace("Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.111\r\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, Text(output.WrittenSpan));
    }

    [Fact]
    public void WriteForwardedResponse_TopViaSharingALine_KeepsTheOthers()
    {
        var response = Parse(SipSamples.Ok.Replace(
            "branch=z9hG4bK2d4790.1;received=192.0.2.111\r\nVia: ",
            "branch=z9hG4bK2d4790.1;received=192.0.2.111 , ",
            StringComparison.Ordinal));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteForwardedResponse(output, response);

        var forwarded = Parse(Text(output.WrittenSpan));
        Assert.Equal(1, forwarded.ViaCount);
        Assert.Equal("client.atlanta.example.com", Text(forwarded.TopVia.Host));
        Assert.Contains("\r\nVia: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101\r\n", Text(output.WrittenSpan));
    }

    [Fact]
    public void WriteCancel_ForForwardedInvite_MatchesItsTransaction()
    {
        var invite = Parse(RoutedInvite);
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteCancel(output, invite);

        Assert.Equal(
            "CANCEL sip:bob@biloxi.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP client.atlanta.example.com;rport;branch=z9hG4bK74bf9\r\n"
            + "Route: <sip:lb.example.com;lr>, <sip:p2.example.com;lr>\r\n"
            + "Route: <sip:p3.example.com;lr>\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
            + "Max-Forwards: 70\r\n"
            + "CSeq: 1 CANCEL\r\n"
            + "Content-Length: 0\r\n\r\n",
            Text(output.WrittenSpan));
        Assert.Equal(SipMethod.Cancel, Parse(Text(output.WrittenSpan)).CSeqMethod);
    }

    [Fact]
    public void WriteAck_ForErrorResponse_TakesToFromTheResponse()
    {
        var invite = Parse(SipSamples.Invite);
        var busy = Parse(SipSamples.Build(
            """
            SIP/2.0 486 Busy Here
            Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101
            From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
            To: Bob <sip:bob@biloxi.example.com>;tag=314159
            Call-ID: 3848276298220188511@atlanta.example.com
            CSeq: 1 INVITE
            """));
        var output = new ArrayBufferWriter<byte>();

        SipMessageWriter.WriteAck(output, invite, busy);

        var ack = Parse(Text(output.WrittenSpan));
        Assert.Equal(SipMethod.Ack, ack.Method);
        Assert.Equal("314159", Text(ack.ToTag));
        Assert.Equal("z9hG4bK74bf9", Text(ack.TopVia.Branch));
        Assert.Equal(1u, ack.CSeqNumber);
        Assert.Equal(SipMethod.Ack, ack.CSeqMethod);
        Assert.Throws<ArgumentException>(() => SipMessageWriter.WriteAck(output, invite, Parse(SipSamples.Ok)));
    }

    private static SipMessage Parse(string text)
    {
        var result = SipParser.Default.Parse(SipSamples.Bytes(text), SipFraming.Datagram, out var message);
        Assert.True(result.IsOk, result.ToString());
        return message;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
