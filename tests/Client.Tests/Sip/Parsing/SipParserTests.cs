using System.Text;
using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Client.Sip.Parsing;

public sealed class SipParserTests
{
    private static readonly SipParser Parser = SipParser.Default;

    [Fact]
    public void Parse_Rfc3261Invite_ReadsWhatAProxyNeeds()
    {
        var m = ParseOk(SipSamples.Invite, SipFraming.Stream);

        Assert.True(m.IsRequest);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("sip:bob@biloxi.example.com", Text(m.RequestUri));
        Assert.True(m.TryGetRequestUri(out var uri));
        Assert.Equal("bob", Text(uri.User));
        Assert.Equal(1, m.ViaCount);
        var via = m.TopVia;
        Assert.Equal(SipTransport.Tcp, via.Transport);
        Assert.Equal("client.atlanta.example.com", Text(via.Host));
        Assert.Equal(5060, via.Port);
        Assert.Equal("z9hG4bK74bf9", Text(via.Branch));
        Assert.True(via.HasMagicCookie);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal("Alice", Text(m.From.DisplayName));
        Assert.Equal("sip:alice@atlanta.example.com", Text(m.FromUri));
        Assert.Equal("9fxced76sl", Text(m.FromTag));
        Assert.Equal("sip:bob@biloxi.example.com", Text(m.ToUri));
        Assert.False(m.HasToTag);
        Assert.Equal("3848276298220188511@atlanta.example.com", Text(m.CallId));
        Assert.Equal(1u, m.CSeqNumber);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.True(m.TryGetFirstAddress(SipHeaderId.Contact, out var contact));
        Assert.True(contact.TryGetUri(out var contactUri));
        Assert.Equal("tcp", Text(contactUri.Transport));
        Assert.Equal("application/sdp", Text(m.ContentType));
        Assert.Equal(SipSamples.InviteSdp, Text(m.Body));
        Assert.Equal(m.ContentLength, m.Body.Length);
        Assert.Equal(SipSamples.Invite.Length, m.End);
    }

    [Fact]
    public void Parse_Rfc3261Ok_ReadsStatusViasAndRecordRoute()
    {
        var m = ParseOk(SipSamples.Ok, SipFraming.Datagram);

        Assert.True(m.IsResponse);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("OK", Text(m.ReasonPhrase));
        Assert.Equal(2, m.ViaCount);
        Assert.Equal("192.0.2.111", Text(m.TopVia.Received));
        Assert.Equal("192.0.2.101", Text(m.GetVia(1).Received));
        Assert.Equal("314159", Text(m.ToTag));
        Assert.True(m.TryGetFirstAddress(SipHeaderId.RecordRoute, out var rr));
        Assert.True(rr.TryGetUri(out var rrUri));
        Assert.True(rrUri.IsLooseRouter);
    }

    [Fact]
    public void Parse_CompactForms_AreTheKnownHeaders()
    {
        var text = SipSamples.Build(
            """
            OPTIONS sip:bob@biloxi.example.com SIP/2.0
            v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
            f: <sip:alice@atlanta.example.com>;tag=1928301774
            t: <sip:bob@biloxi.example.com>
            i: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 63104 OPTIONS
            m: <sip:alice@pc33.atlanta.example.com>
            k: 100rel
            s: lunch
            """);

        var m = ParseOk(text, SipFraming.Stream);

        Assert.Equal("z9hG4bKnashds8", Text(m.TopVia.Branch));
        Assert.Equal("1928301774", Text(m.FromTag));
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", Text(m.CallId));
        Assert.Equal("100rel", Text(m.GetHeaderValue(SipHeaderId.Supported)));
        Assert.Equal("lunch", Text(m.GetHeaderValue(SipHeaderId.Subject)));
        Assert.True(m.TryGetHeaderValue("Subject", out var subject));
        Assert.Equal("lunch", Text(subject));
        Assert.True(m.Contains(SipHeaderId.Contact));
    }

    [Fact]
    public void Parse_FoldedValues_KeepFoldingAndParse()
    {
        var text = SipSamples.Build(
            """
            INVITE sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com
             ;branch=z9hG4bKnashds8
            From: <sip:alice@atlanta.example.com>
            	;tag=1928301774
            To: <sip:bob@biloxi.example.com>
            Call-ID: a84b4c76e66710
            CSeq: 314159
              INVITE
            Subject: I know you're there,
             pick up the phone
            """);

        var m = ParseOk(text, SipFraming.Stream);

        Assert.Equal("z9hG4bKnashds8", Text(m.TopVia.Branch));
        Assert.Equal("1928301774", Text(m.FromTag));
        Assert.Equal(314159u, m.CSeqNumber);
        Assert.Equal("I know you're there, pick up the phone", SipText.ToString(m.GetHeaderValue(SipHeaderId.Subject)));
    }

    [Fact]
    public void Parse_RoutesOnSeveralLinesAndCommas_KeepsOrder()
    {
        var text = SipSamples.Build(
            """
            BYE sip:bob@client.biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2
            Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3
            Route: <sip:p1.example.com;lr>, "Proxy, Two" <sip:p2.example.com;lr>
            Route: <sip:p3.example.com;lr>
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>;tag=2
            Call-ID: x@y
            CSeq: 2 BYE
            """);

        var m = ParseOk(text, SipFraming.Stream);

        Assert.Equal(3, m.ViaCount);
        Assert.Equal(["a.example.com", "b.example.com", "c.example.com"], Enumerable.Range(0, 3).Select(i => Text(m.GetVia(i).Host)));
        Assert.Equal(5070, m.GetVia(1).Port);
        var routes = new List<string>();
        foreach (var route in m.Routes)
        {
            Assert.True(route.TryGetAddress(out var address));
            routes.Add(Text(address.Uri));
        }

        Assert.Equal(["sip:p1.example.com;lr", "sip:p2.example.com;lr", "sip:p3.example.com;lr"], routes);
        Assert.True(m.TryGetFirstRoute(out var first));
        Assert.Equal("<sip:p1.example.com;lr>", Text(first.Span));
        Assert.Equal(m.IndexOf(SipHeaderId.Route), first.Reference.HeaderIndex);
    }

    [Fact]
    public void Parse_AuthorizationHeaders_GiveUsernames()
    {
        var text = SipSamples.Build(
            """
            INVITE sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>
            Call-ID: a@b
            CSeq: 2 INVITE
            Authorization: Digest realm="biloxi.example.com", username="bob", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"
            Proxy-Authorization: Digest username=agent042, realm="atlanta.example.com"
            User-Agent: Softphone/1.0
            """);

        var m = ParseOk(text, SipFraming.Stream);

        Assert.True(m.TryGetAuthorizationUsername(SipHeaderId.Authorization, out var user));
        Assert.Equal("bob", Text(user));
        Assert.True(m.TryGetAuthorizationUsername(SipHeaderId.ProxyAuthorization, out var proxyUser));
        Assert.Equal("agent042", Text(proxyUser));
        Assert.Equal("Softphone/1.0", Text(m.UserAgent));
    }

    [Fact]
    public void Parse_HeadersInOrder_AreEnumerable()
    {
        var m = ParseOk(SipSamples.Invite, SipFraming.Datagram);

        var names = new List<string>();
        foreach (var header in m.Headers)
        {
            names.Add(Text(header.Name));
        }

        Assert.Equal(["Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Type", "Content-Length"], names);
        Assert.Equal(m.HeaderCount, names.Count);
        Assert.EndsWith("\r\n", Text(m.GetHeader(0).Line));
    }

    [Fact]
    public void Parse_DatagramLongerThanContentLength_TruncatesBody()
    {
        var bytes = SipSamples.Bytes(SipSamples.Invite + "garbage after the body");

        var result = Parser.Parse(bytes, SipFraming.Datagram, out var m);

        Assert.True(result.IsOk);
        Assert.Equal(SipSamples.InviteSdp, Text(m.Body));
        Assert.Equal(SipSamples.Invite.Length, m.End);
    }

    [Fact]
    public void Parse_StreamWithTwoMessages_EndsAtTheFirst()
    {
        var bytes = SipSamples.Bytes(SipSamples.Invite + SipSamples.Ok);

        var result = Parser.Parse(bytes, SipFraming.Stream, out var first);
        var next = Parser.Parse(bytes.AsMemory(first.End), SipFraming.Stream, out var second);

        Assert.True(result.IsOk);
        Assert.True(next.IsOk);
        Assert.Equal(SipMethod.Invite, first.Method);
        Assert.Equal(200, second.StatusCode);
    }

    [Fact]
    public void Parse_StreamPrefixes_AreIncompleteUntilTheWholeMessageArrives()
    {
        var bytes = SipSamples.Bytes(SipSamples.Invite);

        for (var length = 1; length < bytes.Length; length++)
        {
            var result = Parser.Parse(bytes.AsMemory(0, length), SipFraming.Stream, out _);

            Assert.Equal(SipParseStatus.IncompleteMessage, result.Status);
        }

        Assert.True(Parser.Parse(bytes, SipFraming.Stream, out _).IsOk);
    }

    [Fact]
    public void Parse_DatagramWithoutContentLength_TakesRestAsBody()
    {
        var text = SipSamples.Raw(
            """
            MESSAGE sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>
            Call-ID: a@b
            CSeq: 2 MESSAGE
            """) + "hello";

        var datagram = Parser.Parse(SipSamples.Bytes(text), SipFraming.Datagram, out var m);
        var stream = Parser.Parse(SipSamples.Bytes(text), SipFraming.Stream, out _);

        Assert.True(datagram.IsOk);
        Assert.Equal("hello", Text(m.Body));
        Assert.Equal(SipParseStatus.MissingRequiredHeader, stream.Status);
        Assert.Equal(SipHeaderId.ContentLength, stream.Header);
        Assert.Equal("Bad Request - Missing Content-Length", stream.ReasonPhrase);
    }

    [Fact]
    public void Parse_LeadingKeepAliveLines_AreSkipped()
    {
        var m = ParseOk("\r\n\r\n" + SipSamples.Invite, SipFraming.Stream);

        Assert.Equal(4, m.Start);
        Assert.Equal(SipMethod.Invite, m.Method);
    }

    [Fact]
    public void Parse_BareLineFeeds_AreAccepted()
    {
        var headEnd = SipSamples.Invite.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var text = SipSamples.Invite[..headEnd].Replace("\r\n", "\n", StringComparison.Ordinal) + "\n\n" + SipSamples.InviteSdp;

        var m = ParseOk(text, SipFraming.Datagram);

        Assert.Equal("3848276298220188511@atlanta.example.com", Text(m.CallId));
        Assert.Equal(m.ContentLength, m.Body.Length);
    }

    [Fact]
    public void Parse_ReusedMessage_ForgetsThePreviousOne()
    {
        var message = new SipMessage();
        Assert.True(Parser.Parse(SipSamples.Bytes(SipSamples.Invite), SipFraming.Stream, message).IsOk);

        Assert.True(Parser.Parse(SipSamples.Bytes(SipSamples.Ok), SipFraming.Stream, message).IsOk);

        Assert.True(message.IsResponse);
        Assert.Equal(2, message.ViaCount);
        Assert.Equal(-1, message.MaxForwards);
        Assert.False(message.Contains(SipHeaderId.MaxForwards));
        Assert.Equal("314159", Text(message.ToTag));
    }

    [Theory]
    [InlineData("", "MissingRequestLine")]
    [InlineData("\r\n\r\n", "MissingRequestLine")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0", "IncompleteMessage")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com\r\n", "IncompleteMessage")]
    [InlineData("INVITE sip:bob@biloxi.example.com\r\n\r\n", "BadRequestLine")]
    [InlineData("INVITE sip:bob@biloxi.example.com HTTP/1.1\r\n\r\n", "BadRequestLine")]
    [InlineData("INV@TE sip:bob@biloxi.example.com SIP/2.0\r\n\r\n", "BadRequestLine")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/3.0\r\n\r\n", "UnsupportedVersion")]
    [InlineData("SIP/2.1 200 OK\r\n\r\n", "UnsupportedVersion")]
    [InlineData("SIP/2.0 20 OK\r\n\r\n", "BadStatusLine")]
    [InlineData("SIP/2.0 099 Low\r\n\r\n", "BadStatusLine")]
    [InlineData("SIP/2.0 2000 OK\r\n\r\n", "BadStatusLine")]
    [InlineData("INVITE sip:bob@bi loxi.example.com SIP/2.0\r\n\r\n", "BadRequestLine")]
    [InlineData("INVITE sip:bob@:5060 SIP/2.0\r\n\r\n", "BadUri")]
    [InlineData("INVITE sip:bob@biloxi.example.com:99999 SIP/2.0\r\n\r\n", "BadUri")]
    [InlineData("INVITE sip:b%zzob@biloxi.example.com SIP/2.0\r\n\r\n", "BadUri")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia SIP/2.0/UDP a\r\n\r\n", "BadHeaderName")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia\r\n\r\n", "HeaderWithoutColon")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n Via: x\r\n\r\n", "BadHeaderName")]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n: x\r\n\r\n", "BadHeaderName")]
    public void Parse_MalformedStartOrHeaderLine_HasSpecificStatus(string text, string status)
    {
        var result = Parser.Parse(SipSamples.Bytes(text), SipFraming.Datagram, out _);

        Assert.Equal(Enum.Parse<SipParseStatus>(status), result.Status);
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP", "BadVia", "Via")]
    [InlineData("Via: SIP/2.0 a.example.com", "BadVia", "Via")]
    [InlineData("Via: SIP/2.0/UDP a.example.com:0", "BadVia", "Via")]
    [InlineData("Via: SIP/2.0/UDP a.example.com;rport=x", "BadVia", "Via")]
    [InlineData("Via: SIP/2.0/UDP a.example.com, ", "BadVia", "Via")]
    [InlineData("CSeq: 1", "BadCSeq", "CSeq")]
    [InlineData("CSeq: INVITE", "BadCSeq", "CSeq")]
    [InlineData("CSeq: 1 INVITE x", "BadCSeq", "CSeq")]
    [InlineData("CSeq: 4294967296 INVITE", "BadCSeq", "CSeq")]
    [InlineData("CSeq: 1 BYE", "CSeqMethodMismatch", "CSeq")]
    [InlineData("Max-Forwards: 256", "BadMaxForwards", "MaxForwards")]
    [InlineData("Max-Forwards: -1", "BadMaxForwards", "MaxForwards")]
    [InlineData("Content-Length: five", "BadContentLength", "ContentLength")]
    [InlineData("Content-Length: 70000", "MessageTooLarge", "ContentLength")]
    [InlineData("Content-Length: 10", "BodyLengthMismatch", "ContentLength")]
    [InlineData("Call-ID: a b", "BadCallId", "CallId")]
    [InlineData("Call-ID: a@b@c", "BadCallId", "CallId")]
    [InlineData("Call-ID: again@x", "DuplicateHeader", "CallId")]
    [InlineData("From: <sip:other@x>", "DuplicateHeader", "From")]
    [InlineData("Contact: <sip:a@b", "BadAddress", "Contact")]
    [InlineData("Contact: sip:a@b, <>", "BadAddress", "Contact")]
    [InlineData("Route: sip:p1.example.com", "BadAddress", "Route")]
    [InlineData("Record-Route: <sip:p1.example.com;lr>, \"x <sip:p2>", "BadAddress", "RecordRoute")]
    public void Parse_MalformedKnownHeader_NamesTheHeader(string extraHeader, string status, string header)
    {
        var text = SipSamples.Raw(
            $"""
             INVITE sip:bob@biloxi.example.com SIP/2.0
             Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
             From: <sip:alice@atlanta.example.com>;tag=1
             To: <sip:bob@biloxi.example.com>
             Call-ID: a@b
             {extraHeader}
             """);
        if (extraHeader.StartsWith("Call-ID", StringComparison.Ordinal) && status != "DuplicateHeader")
        {
            text = text.Replace("Call-ID: a@b\r\n", string.Empty, StringComparison.Ordinal);
        }

        if (!extraHeader.StartsWith("CSeq", StringComparison.Ordinal))
        {
            text = text.Replace("To: <sip:bob@biloxi.example.com>\r\n", "To: <sip:bob@biloxi.example.com>\r\nCSeq: 1 INVITE\r\n", StringComparison.Ordinal);
        }

        var result = Parser.Parse(SipSamples.Bytes(text), SipFraming.Datagram, out _);

        Assert.Equal(Enum.Parse<SipParseStatus>(status), result.Status);
        Assert.Equal(Enum.Parse<SipHeaderId>(header), result.Header);
    }

    [Fact]
    public void Parse_MissingCallId_ReasonNamesIt()
    {
        var text = SipSamples.Build(
            """
            OPTIONS sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>
            CSeq: 1 OPTIONS
            """);

        var result = Parser.Parse(SipSamples.Bytes(text), SipFraming.Stream, out _);

        Assert.Equal(SipParseStatus.MissingRequiredHeader, result.Status);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Bad Request - Missing Call-ID", result.ReasonPhrase);
    }

    [Theory]
    [InlineData("BadVia", 400, "Bad Request - Malformed Via")]
    [InlineData("UnsupportedVersion", 505, "Version Not Supported")]
    [InlineData("MessageTooLarge", 513, "Message Too Large")]
    [InlineData("TooManyVias", 400, "Bad Request - Too Many Via Values")]
    public void ReasonPhrase_ForStatus_IsShortAndSpecific(string status, int code, string reason)
    {
        var result = new SipParseResult(Enum.Parse<SipParseStatus>(status));

        Assert.Equal(code, result.StatusCode);
        Assert.Equal(reason, result.ReasonPhrase);
    }

    [Fact]
    public void ReasonPhrase_EveryStatus_FitsAStatusLine()
    {
        foreach (var status in Enum.GetValues<SipParseStatus>())
        {
            var reason = new SipParseResult(status, SipHeaderId.Route).ReasonPhrase;

            Assert.InRange(reason.Length, 2, 60);
            Assert.DoesNotContain('\r', reason);
            Assert.DoesNotContain('\n', reason);
        }
    }

    [Fact]
    public void Parse_MoreHeadersThanTheLimit_IsTooManyHeaders()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxHeaders = 8 });

        var result = parser.Parse(SipSamples.Bytes(SipSamples.Invite), SipFraming.Stream, out _);

        Assert.Equal(SipParseStatus.TooManyHeaders, result.Status);
    }

    [Fact]
    public void Parse_MoreHeadersThanInlineSlots_StillParses()
    {
        var extra = string.Concat(Enumerable.Range(0, 60).Select(i => $"X-Extra-{i}: value {i}\n"));
        var m = ParseOk(SipSamples.Build(SipSamples.Invite.Split("\r\nContent-Length")[0] + "\n" + extra), SipFraming.Stream);

        Assert.Equal(69, m.HeaderCount);
        Assert.True(m.TryGetHeaderValue("x-extra-59", out var last));
        Assert.Equal("value 59", Text(last));
    }

    [Fact]
    public void Parse_MoreViasThanTheLimit_IsTooManyVias()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxVias = 2 });

        var result = parser.Parse(SipSamples.Bytes(SipSamples.Build(
            """
            OPTIONS sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2
            Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3
            From: <sip:alice@atlanta.example.com>;tag=1
            To: <sip:bob@biloxi.example.com>
            Call-ID: a@b
            CSeq: 1 OPTIONS
            """)), SipFraming.Stream, out _);

        Assert.Equal(SipParseStatus.TooManyVias, result.Status);
    }

    [Fact]
    public void Parse_ManyViasBeyondInlineSlots_KeepsOrder()
    {
        var vias = string.Concat(Enumerable.Range(0, 20).Select(i => $"Via: SIP/2.0/UDP h{i}.example.com;branch=z9hG4bK{i}\n"));
        var m = ParseOk(SipSamples.Build(
            "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n" + vias
            + "From: <sip:a@b>;tag=1\nTo: <sip:c@d>\nCall-ID: x\nCSeq: 1 OPTIONS"), SipFraming.Stream);

        Assert.Equal(20, m.ViaCount);
        Assert.Equal("h19.example.com", Text(m.GetVia(19).Host));
        Assert.Equal("z9hG4bK12", Text(m.GetVia(12).Branch));
    }

    [Fact]
    public void Parse_DatagramOverTheSizeLimit_IsMessageTooLarge()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxMessageSize = 200 });

        var result = parser.Parse(SipSamples.Bytes(SipSamples.Invite), SipFraming.Datagram, out _);

        Assert.Equal(SipParseStatus.MessageTooLarge, result.Status);
        Assert.Equal(513, result.StatusCode);
    }

    [Fact]
    public void Parse_StreamMessageOverTheSizeLimit_IsMessageTooLarge()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxMessageSize = 300 });

        var result = parser.Parse(SipSamples.Bytes(SipSamples.Invite), SipFraming.Stream, out _);

        Assert.Equal(SipParseStatus.MessageTooLarge, result.Status);
    }

    [Fact]
    public void Parse_HeaderLineOverTheLimit_IsLineTooLong()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxLineLength = 100 });
        var text = SipSamples.Invite.Replace("User-Agent", "X", StringComparison.Ordinal)
            .Replace("Content-Type: application/sdp", "Subject: " + new string('a', 95) + "\r\n folded", StringComparison.Ordinal);

        var result = parser.Parse(SipSamples.Bytes(text), SipFraming.Datagram, out _);

        Assert.Equal(SipParseStatus.LineTooLong, result.Status);
    }

    private static SipMessage ParseOk(string text, SipFraming framing)
    {
        var result = Parser.Parse(SipSamples.Bytes(text), framing, out var message);
        Assert.True(result.IsOk, result.ToString());
        return message;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
