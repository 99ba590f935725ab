using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Torture;

/// <summary>
/// RFC 4475 torture messages, one .sip file each (CRLF, bytes as the RFC's hex notation gives them).
/// Valid messages must parse with the right values; invalid ones must get the status a proxy answers with.
/// </summary>
public sealed class Rfc4475TortureTests
{
    private static readonly SipParser Parser = SipParser.Default;

    // Statuses are named, not typed, because the parser types are internal to the Client assembly.
    public static TheoryData<string, string, string> Outcomes => new()
    {
        // §3.1.1 valid messages (longreq has 34 Vias: see Longreq_* below).
        { "wsinv", "Ok", "Unknown" },
        { "intmeth", "Ok", "Unknown" },
        { "esc01", "Ok", "Unknown" },
        { "escnull", "Ok", "Unknown" },
        { "esc02", "Ok", "Unknown" },
        { "lwsdisp", "Ok", "Unknown" },
        { "dblreq", "Ok", "Unknown" },
        { "semiuri", "Ok", "Unknown" },
        { "transports", "Ok", "Unknown" },
        { "mpart01", "Ok", "Unknown" },
        { "unreason", "Ok", "Unknown" },
        { "noreason", "Ok", "Unknown" },

        // §3.1.2 invalid messages.
        { "badinv01", "BadVia", "Via" },
        { "clerr", "BodyLengthMismatch", "ContentLength" },
        { "ncl", "BadContentLength", "ContentLength" },
        { "scalar02", "BadCSeq", "CSeq" },
        { "scalarlg", "BadCSeq", "CSeq" },
        { "quotbal", "BadAddress", "To" },
        { "ltgtruri", "BadUri", "Unknown" },
        { "lwsruri", "BadRequestLine", "Unknown" },
        { "lwsstart", "BadRequestLine", "Unknown" },
        { "trws", "BadRequestLine", "Unknown" },
        { "escruri", "BadUri", "Unknown" },
        { "regbadct", "BadAddress", "Contact" },
        { "badaspec", "BadAddress", "To" },
        { "baddn", "BadAddress", "From" },
        { "badvers", "UnsupportedVersion", "Unknown" },
        { "mismatch01", "CSeqMethodMismatch", "CSeq" },
        { "mismatch02", "CSeqMethodMismatch", "CSeq" },
        { "bigcode", "BadStatusLine", "Unknown" },

        // The Date header is not read by a proxy, so its bad time zone is not the parser's concern (§3.1.2.12).
        { "baddate", "Ok", "Unknown" },

        // §3.2 and §3.3: syntactically valid; the proxy above the parser decides (416, 420, 483, ...).
        { "badbranch", "Ok", "Unknown" },
        { "unkscm", "Ok", "Unknown" },
        { "novelsc", "Ok", "Unknown" },
        { "unksm2", "Ok", "Unknown" },
        { "bext01", "Ok", "Unknown" },
        { "invut", "Ok", "Unknown" },
        { "regaut01", "Ok", "Unknown" },
        { "bcast", "Ok", "Unknown" },
        { "zeromf", "Ok", "Unknown" },
        { "cparam01", "Ok", "Unknown" },
        { "cparam02", "Ok", "Unknown" },
        { "regescrt", "Ok", "Unknown" },
        { "sdp01", "Ok", "Unknown" },

        // §3.3 messages that must be answered with 400: ambiguous or missing mandatory fields.
        { "insuf", "MissingRequiredHeader", "From" },
        { "multi01", "DuplicateHeader", "CSeq" },
        { "mcl01", "DuplicateHeader", "ContentLength" },

        // §3.4 RFC 2543 syntax: fine over UDP (no Content-Length, no branch, no Max-Forwards).
        { "inv2543", "Ok", "Unknown" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Parse_TortureMessage_HasExpectedStatus(string name, string status, string header)
    {
        var result = Parser.Parse(TortureMessages.Load(name), SipFraming.Datagram, out _);

        Assert.Equal(Enum.Parse<SipParseStatus>(status), result.Status);
        Assert.Equal(Enum.Parse<SipHeaderId>(header), result.Header);
    }

    [Fact]
    public void Outcomes_CoverEveryTortureFile()
    {
        var covered = Outcomes.Select(row => (string)row[0]).Append("longreq").Order(StringComparer.Ordinal);

        Assert.Equal(TortureMessages.All(), covered);
    }

    [Fact]
    public void Parse_Wsinv_ReadsFoldedCompactAndOddlySpacedHeaders()
    {
        var m = ParseOk("wsinv");

        Assert.True(m.IsRequest);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", Text(m.RequestUri));
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", Text(m.ToUri));
        Assert.Equal("1918181833n", Text(m.ToTag));
        Assert.Equal("98asjd8", Text(m.FromTag));
        Assert.Equal("J Rosenberg \\\\\\\"", Text(m.From.DisplayName));
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", Text(m.CallId));
        Assert.Equal(9u, m.CSeqNumber);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.Equal(150, m.ContentLength);
        Assert.Equal(150, m.Body.Length);
        Assert.Equal(3, m.ViaCount);
        Assert.Equal("192.0.2.2", Text(m.GetVia(0).Host));
        Assert.Equal(SipTransport.Udp, m.GetVia(0).Transport);
        Assert.Equal("390skdjuw", Text(m.GetVia(0).Branch));
        Assert.False(m.GetVia(0).HasMagicCookie);
        Assert.Equal("spindle.example.com", Text(m.GetVia(1).Host));
        Assert.Equal(SipTransport.Tcp, m.GetVia(1).Transport);
        Assert.Equal("z9hG4bK9ikj8", Text(m.GetVia(1).Branch));
        Assert.Equal("192.168.255.111", Text(m.GetVia(2).Host));
        Assert.Equal("z9hG4bK30239", Text(m.GetVia(2).Branch));
        Assert.True(m.TryGetHeaderValue(SipHeaderId.Subject, out var subject));
        Assert.True(subject.IsEmpty);
        Assert.True(m.TryGetHeaderValue("NewFangledHeader", out var fangled));
        Assert.Equal("newfangled value continued newfangled value", SipText.ToString(fangled));
        Assert.True(m.TryGetHeaderValue("unknownheaderwithunusualvalue", out var unusual));
        Assert.Equal(";;,,;;,;", Text(unusual));
        Assert.Equal("application/sdp", Text(m.ContentType));
        Assert.True(m.TryGetFirstRoute(out var route));
        Assert.True(route.TryGetAddress(out var routeAddress));
        Assert.True(routeAddress.TryGetUri(out var routeUri));
        Assert.True(routeUri.IsLooseRouter);
        Assert.Equal("services.example.com", Text(routeUri.Host));

        var contacts = new List<string>();
        foreach (var contact in m.Contacts)
        {
            Assert.True(contact.TryGetAddress(out var address));
            Assert.Equal("Quoted string \\\"\\\"", Text(address.DisplayName));
            Assert.True(address.TryGetParameter("newparam"u8, out var newValue));
            Assert.Equal("newvalue", Text(newValue));
            Assert.True(address.TryGetParameter("q"u8, out var q));
            Assert.Equal("0.33", Text(q));
            contacts.Add(Text(address.Uri));
        }

        Assert.Equal(["sip:jdrosen@example.com"], contacts);
    }

    [Fact]
    public void Parse_Intmeth_KeepsUnusualTokensAndBinaryValues()
    {
        var m = ParseOk("intmeth");

        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", Text(m.MethodName));
        Assert.True(m.TryGetRequestUri(out var uri));
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", Text(uri.User));
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", Text(uri.Password));
        Assert.Equal("example.com", Text(uri.Host));
        Assert.Equal("z9hG4bK-.!%66*_+`'~", Text(m.TopVia.Branch));
        Assert.Equal("BEL:\\\x07 NUL:\\\0 DEL:\\\x7F", Encoding.Latin1.GetString(m.To.DisplayName));
        Assert.Equal("_token~1'+`*%!-.", Text(m.FromTag));
        Assert.Equal("token1~` token2'+_ token3*%!.-", Text(m.From.DisplayName));
        Assert.True(m.From.TryGetParameter("fromParam''~+*_!.-%"u8, out var odd));
        Assert.Equal("\"работающий\"", Text(odd));
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", Text(m.CallId));
        Assert.Equal(139122385u, m.CSeqNumber);
        Assert.Equal(255, m.MaxForwards);
        Assert.True(m.TryGetHeaderValue("extensionHeader-!.%*+_`'~", out var extension));
        Assert.Equal([0xEF, 0xBB, 0xBF, 0xE5, 0xA4, 0xA7, 0xE5, 0x81, 0x9C, 0xE9, 0x9B, 0xBB], extension.ToArray());
    }

    [Fact]
    public void Parse_Esc01_LeavesEscapesInPlace()
    {
        var m = ParseOk("esc01");

        Assert.True(m.TryGetRequestUri(out var uri));
        Assert.Equal("sips%3Auser%40example.com", Text(uri.User));
        Assert.Equal("example.net", Text(uri.Host));
        Assert.Equal("sip:%75se%72@example.com", Text(m.ToUri));
        Assert.Equal("esc01.239409asdfakjkn23onasd0-3234", Text(m.CallId));
        foreach (var contact in m.Contacts)
        {
            Assert.True(contact.TryGetAddress(out var address));
            Assert.True(address.TryGetUri(out var contactUri));
            Assert.True(contactUri.HasParameter("%6C%72"u8));
            Assert.True(contactUri.TryGetParameter("n%61me"u8, out var value));
            Assert.Equal("v%61lue%25%34%31", Text(value));
        }
    }

    [Fact]
    public void Parse_Escnull_KeepsTwoContactLines()
    {
        var m = ParseOk("escnull");

        var users = new List<string>();
        foreach (var contact in m.Contacts)
        {
            Assert.True(contact.TryGetAddress(out var address));
            Assert.True(address.TryGetUri(out var uri));
            users.Add(Text(uri.User));
        }

        Assert.Equal(["%00", "%00%00"], users);
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Parse_Esc02_TreatsPercentAsLiteralOutsideUris()
    {
        var m = ParseOk("esc02");

        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("RE%47IST%45R", Text(m.MethodName));
        Assert.Equal("%Z%45", Text(m.To.DisplayName));
        Assert.Equal("z9hG4bK209%fzsnel234", Text(m.TopVia.Branch));
        var contacts = 0;
        foreach (var unused in m.Contacts)
        {
            contacts++;
        }

        Assert.Equal(2, contacts);
        Assert.True(m.TryGetHeaderValue("C%6Fntact", out var fake));
        Assert.Equal("<sip:alias2@host2.example.com>", Text(fake));
    }

    [Fact]
    public void Parse_Lwsdisp_AcceptsDisplayNameTouchingBracket()
    {
        var m = ParseOk("lwsdisp");

        Assert.Equal("caller", Text(m.From.DisplayName));
        Assert.Equal("sip:caller@example.com", Text(m.FromUri));
    }

    [Fact]
    public void Parse_LongreqWithDefaultLimits_IsTooManyVias()
    {
        var result = Parser.Parse(TortureMessages.Load("longreq"), SipFraming.Datagram, out _);

        Assert.Equal(SipParseStatus.TooManyVias, result.Status);
    }

    [Fact]
    public void Parse_LongreqWithRoomForItsVias_ReadsLongValues()
    {
        var parser = new SipParser(SipParserLimits.Default with { MaxVias = 70 });

        var result = parser.Parse(TortureMessages.Load("longreq"), SipFraming.Datagram, out var m);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(34, m.ViaCount);
        Assert.Equal("sip33.example.com", Text(m.GetVia(0).Host));
        Assert.Equal("sip22.example.com", Text(m.GetVia(11).Host));
        Assert.Equal("host.example.com", Text(m.GetVia(33).Host));
        Assert.Equal("192.0.2.5", Text(m.GetVia(33).Received));
        Assert.Equal("very".Length + (50 * "long".Length) + "branchvalue".Length, m.GetVia(33).Branch.Length);
        Assert.Equal("12" + string.Concat(Enumerable.Repeat("982", 50)) + "424", Text(m.FromTag));
        Assert.True(m.To.TryGetUri(out var to));
        Assert.Equal(6000, to.Port);
        Assert.True(to.TryGetParameter("unknownparam1"u8, out var p1));
        Assert.Equal("very" + string.Concat(Enumerable.Repeat("long", 20)) + "value", Text(p1));
        Assert.Equal(150, m.Body.Length);
    }

    [Fact]
    public void Parse_Dblreq_IgnoresOctetsAfterContentLength()
    {
        var bytes = TortureMessages.Load("dblreq");

        var m = ParseOk("dblreq");

        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal(0, m.Body.Length);
        Assert.True(m.End < bytes.Length);
        Assert.EndsWith("Content-Length: 0\r\n\r\n", Encoding.ASCII.GetString(m.Memory.Span));
    }

    [Fact]
    public void Parse_Semiuri_SplitsUserAtTheAt()
    {
        var m = ParseOk("semiuri");

        Assert.True(m.TryGetRequestUri(out var uri));
        Assert.Equal("user;par=u%40example.net", Text(uri.User));
        Assert.Equal("example.com", Text(uri.Host));
        var accepts = new List<string>();
        foreach (var value in m.GetValues(SipHeaderId.Accept))
        {
            accepts.Add(Text(value.Span));
        }

        Assert.Equal(["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"], accepts);
    }

    [Fact]
    public void Parse_Transports_NamesEveryTransport()
    {
        var m = ParseOk("transports");

        var transports = Enumerable.Range(0, m.ViaCount).Select(i => m.GetVia(i).Transport).ToArray();

        Assert.Equal([SipTransport.Udp, SipTransport.Sctp, SipTransport.Tls, SipTransport.Other, SipTransport.Tcp], transports);
        Assert.Equal("UNKNOWN", Text(m.GetVia(3).TransportName));
        Assert.Equal("transports.kijh4akdnaqjkwendsasfdj", Text(m.CallId));
    }

    [Fact]
    public void Parse_Mpart01_FramesBinaryBodyByContentLength()
    {
        var m = ParseOk("mpart01");

        Assert.Equal(553, m.Body.Length);
        Assert.Contains((byte)0, m.Body.ToArray());
        Assert.True(m.TopVia.HasRPort);
        Assert.Equal(0, m.TopVia.RPort);
        Assert.Equal(5070, m.TopVia.Port);
        Assert.Equal("SIPimp.org/0.2.5 (curses)", Text(m.UserAgent));
        Assert.True(m.TryGetHeaderValue(SipHeaderId.Identity, out var identity));
        Assert.EndsWith("UA=", Text(identity));
    }

    [Fact]
    public void Parse_Unreason_KeepsUtf8Reason()
    {
        var m = ParseOk("unreason");

        Assert.True(m.IsResponse);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", Encoding.UTF8.GetString(m.ReasonPhrase));
    }

    [Fact]
    public void Parse_Noreason_HasEmptyReason()
    {
        var m = ParseOk("noreason");

        Assert.Equal(100, m.StatusCode);
        Assert.True(m.ReasonPhrase.IsEmpty);
        Assert.Equal("902jndnke3", Text(m.ToTag));
    }

    [Fact]
    public void Parse_Badbranch_ExposesBareMagicCookie()
    {
        var m = ParseOk("badbranch");

        Assert.Equal("z9hG4bK", Text(m.TopVia.Branch));
    }

    [Fact]
    public void Parse_UnknownSchemes_AreKeptForTheProxyToReject()
    {
        var unkscm = ParseOk("unkscm");
        var unksm2 = ParseOk("unksm2");

        Assert.False(unkscm.TryGetRequestUri(out _));
        Assert.Equal("nobodyKnowsThisScheme:totallyopaquecontent", Text(unkscm.RequestUri));
        Assert.Equal("isbn:2983792873", Text(unksm2.ToUri));
        Assert.Equal("http://www.example.com", Text(unksm2.FromUri));
        Assert.Equal("3234233", Text(unksm2.FromTag));
    }

    [Fact]
    public void Parse_Bext01_ExposesProxyRequire()
    {
        var m = ParseOk("bext01");

        var options = new List<string>();
        foreach (var value in m.GetValues(SipHeaderId.ProxyRequire))
        {
            options.Add(Text(value.Span));
        }

        Assert.Equal(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"], options);
    }

    [Fact]
    public void Parse_Regaut01_HasNoDigestUsername()
    {
        var m = ParseOk("regaut01");

        Assert.False(m.TryGetAuthorizationUsername(SipHeaderId.Authorization, out _));
        Assert.Equal("NoOneKnowsThisScheme", Text(SipCredentials.GetScheme(m.GetHeaderValue(SipHeaderId.Authorization))));
    }

    [Fact]
    public void Parse_Bcast_ReadsSecondVia()
    {
        var m = ParseOk("bcast");

        Assert.Equal(2, m.ViaCount);
        Assert.Equal("255.255.255.255", Text(m.GetVia(1).Host));
    }

    [Fact]
    public void Parse_Zeromf_ReportsZeroMaxForwards()
    {
        Assert.Equal(0, ParseOk("zeromf").MaxForwards);
    }

    [Fact]
    public void Parse_ContactParameters_BelongToUriOnlyInsideBrackets()
    {
        var cparam01 = ParseOk("cparam01");
        var cparam02 = ParseOk("cparam02");

        Assert.True(cparam01.TryGetFirstAddress(SipHeaderId.Contact, out var c1));
        Assert.True(cparam02.TryGetFirstAddress(SipHeaderId.Contact, out var c2));
        Assert.True(c1.TryGetParameter("unknownparam"u8, out _));
        Assert.True(c1.TryGetUri(out var uri1));
        Assert.False(uri1.HasParameter("unknownparam"u8));
        Assert.False(c2.TryGetParameter("unknownparam"u8, out _));
        Assert.True(c2.TryGetUri(out var uri2));
        Assert.True(uri2.HasParameter("unknownparam"u8));
    }

    [Fact]
    public void Parse_Regescrt_KeepsEscapedHeaderInContactUri()
    {
        var m = ParseOk("regescrt");

        Assert.True(m.TryGetFirstAddress(SipHeaderId.Contact, out var contact));
        Assert.True(contact.TryGetUri(out var uri));
        Assert.Equal("Route=%3Csip:sip.example.com%3E", Text(uri.Headers));
    }

    [Fact]
    public void Parse_Inv2543OverStream_NeedsContentLength()
    {
        var result = Parser.Parse(TortureMessages.Load("inv2543"), SipFraming.Stream, out _);

        Assert.Equal(SipParseStatus.MissingRequiredHeader, result.Status);
        Assert.Equal(SipHeaderId.ContentLength, result.Header);
    }

    [Fact]
    public void Parse_Inv2543OverDatagram_TakesRestAsBody()
    {
        var m = ParseOk("inv2543");

        Assert.Equal(-1, m.ContentLength);
        Assert.Equal(-1, m.MaxForwards);
        Assert.False(m.TopVia.HasBranch);
        Assert.False(m.TopVia.HasPort);
        Assert.True(m.FromTag.IsEmpty);
        Assert.StartsWith("v=0", Encoding.ASCII.GetString(m.Body));
    }

    [Fact]
    public void Parse_Clerr_ReasonNamesTheMismatch()
    {
        var result = Parser.Parse(TortureMessages.Load("clerr"), SipFraming.Datagram, out _);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Bad Request - Content-Length Mismatch", result.ReasonPhrase);
    }

    private static SipMessage ParseOk(string name)
    {
        var result = Parser.Parse(TortureMessages.Load(name), SipFraming.Datagram, out var message);
        Assert.True(result.IsOk, $"{name}: {result}");
        return message;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
