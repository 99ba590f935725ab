using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Benchmarks.Sip;

/// <summary>
/// Parse and write costs on messages shaped like the ones the balancer sees in front of Asterisk:
/// a softphone INVITE with SDP and Asterisk's 200 OK. Aim: parse in about a microsecond with 0 bytes
/// allocated when the message object is reused, and only the message object otherwise.
/// </summary>
[MemoryDiagnoser]
public class SipParserBenchmarks
{
    private static readonly byte[] Invite = Crlf(
        """
        INVITE sip:5551234@lb.callcentre.example.com SIP/2.0
        Via: SIP/2.0/UDP 192.168.1.57:5060;rport;branch=z9hG4bKPj9f2c4e6a8b0d4f1e9a7c5b3d1e0f2a4c
        Max-Forwards: 70
        From: "Agent 042" <sip:agent042@callcentre.example.com>;tag=8b2f0c7e4d1a4b6f9e3c5a7d1b0e2f4a
        To: <sip:5551234@callcentre.example.com>
        Contact: <sip:agent042@192.168.1.57:5060;ob>;+sip.instance="<urn:uuid:4f3c2b1a-0d9e-4c8b-a7f6-e5d4c3b2a190>"
        Call-ID: 1f0e2d3c4b5a69788796a5b4c3d2e1f0@192.168.1.57
        CSeq: 21452 INVITE
        Route: <sip:lb.callcentre.example.com;lr>
        Allow: PRACK, INVITE, ACK, BYE, CANCEL, UPDATE, INFO, SUBSCRIBE, NOTIFY, REFER, MESSAGE, OPTIONS
        Supported: replaces, 100rel, timer, norefersub
        Session-Expires: 1800
        Min-SE: 90
        User-Agent: MicroSIP/3.21.3
        Proxy-Authorization: Digest username="agent042", realm="callcentre.example.com", nonce="5f1b2c3d4e", uri="sip:5551234@callcentre.example.com", response="0a4f113b9c1d2e3f4a5b6c7d8e9f0a1b", algorithm=MD5
        Content-Type: application/sdp
        Content-Length:   338

        v=0
        o=- 3923239484 3923239484 IN IP4 192.168.1.57
        s=pjmedia
        b=AS:84
        t=0 0
        a=X-nat:0
        m=audio 4004 RTP/AVP 8 0 101
        c=IN IP4 192.168.1.57
        b=TIAS:64000
        a=rtcp:4005 IN IP4 192.168.1.57
        a=sendrecv
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ssrc:1520118425 cname:2b7a2c1d3e4f5a6b

        """);

    private static readonly byte[] Ok = Crlf(
        """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlb5e8d7c6b5a4f3e2d1c0b;received=10.0.0.1;rport=5060
        Via: SIP/2.0/UDP 192.168.1.57:5060;rport=5060;received=203.0.113.45;branch=z9hG4bKPj9f2c4e6a8b0d4f1e9a7c5b3d1e0f2a4c
        Record-Route: <sip:10.0.0.1;lr>
        From: "Agent 042" <sip:agent042@callcentre.example.com>;tag=8b2f0c7e4d1a4b6f9e3c5a7d1b0e2f4a
        To: <sip:5551234@callcentre.example.com>;tag=as4f2c9b1d
        Call-ID: 1f0e2d3c4b5a69788796a5b4c3d2e1f0@192.168.1.57
        CSeq: 21452 INVITE
        Server: Asterisk PBX 20.5.0
        Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE
        Supported: replaces, timer
        Session-Expires: 1800;refresher=uas
        Contact: <sip:5551234@10.0.0.21:5080>
        Content-Type: application/sdp
        Content-Length: 251

        v=0
        o=root 1704611938 1704611938 IN IP4 10.0.0.21
        s=Asterisk PBX 20.5.0
        c=IN IP4 10.0.0.21
        t=0 0
        m=audio 15618 RTP/AVP 8 0 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv

        """);

    private readonly SipParser _parser = new();
    private readonly SipMessage _message = new();
    private readonly SipMessage _parsedInvite = new();
    private readonly SipMessage _parsedOk = new();
    private readonly ArrayBufferWriter<byte> _output = new(4096);

    [GlobalSetup]
    public void Setup()
    {
        Check(_parser.Parse(Invite, SipFraming.Datagram, _parsedInvite));
        Check(_parser.Parse(Ok, SipFraming.Datagram, _parsedOk));
    }

    [Benchmark]
    public int ParseInvite() => _parser.Parse(Invite, SipFraming.Datagram, _message).IsOk ? _message.HeaderCount : -1;

    [Benchmark]
    public int ParseOk() => _parser.Parse(Ok, SipFraming.Datagram, _message).IsOk ? _message.HeaderCount : -1;

    [Benchmark]
    public int ParseInviteIntoNewMessage() => _parser.Parse(Invite, SipFraming.Datagram, out var message).IsOk ? message.HeaderCount : -1;

    /// <summary>What a proxy reads on every INVITE after the parse: top Via, tags, first Route.</summary>
    [Benchmark]
    public int ReadProxyFields()
    {
        var via = _parsedInvite.TopVia;
        _parsedInvite.TryGetFirstRoute(out var route);
        route.TryGetAddress(out var address);
        address.TryGetUri(out var uri);
        return via.Branch.Length + via.Port + _parsedInvite.FromTag.Length + _parsedInvite.CallId.Length + (uri.IsLooseRouter ? 1 : 0);
    }

    [Benchmark]
    public int WriteForwardedInvite()
    {
        _output.ResetWrittenCount();
        SipMessageWriter.WriteForwardedRequest(_output, _parsedInvite, new SipForwardEdits
        {
            RequestUri = "sip:5551234@10.0.0.21:5080"u8,
            Via = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlb5e8d7c6b5a4f3e2d1c0b"u8,
            RecordRoute = "<sip:10.0.0.1;lr>"u8,
            RemoveFirstRoute = true,
            ViaReceived = "203.0.113.45"u8,
            ViaRPort = 5060,
        });
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Write100Trying()
    {
        _output.ResetWrittenCount();
        SipMessageWriter.WriteResponse(_output, _parsedInvite, 100, "Trying"u8);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteForwardedOk()
    {
        _output.ResetWrittenCount();
        SipMessageWriter.WriteForwardedResponse(_output, _parsedOk);
        return _output.WrittenCount;
    }

    private static void Check(SipParseResult result)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"Benchmark message does not parse: {result}");
        }
    }

    private static byte[] Crlf(string text) => Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"));
}
