using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Benchmarks.Sip.Transport;

/// <summary>
/// Framing an INVITE with SDP as Asterisk sends it (about 1 KB): whole, pipelined with 15 more,
/// and arriving in 64-byte reads. Aim: well under 1 µs per message, 0 bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class SipStreamFramerBenchmarks
{
    private const string Sdp =
        "v=0\r\no=root 1821896383 1821896383 IN IP4 10.0.0.21\r\ns=Asterisk PBX 20.5.0\r\nc=IN IP4 10.0.0.21\r\n" +
        "t=0 0\r\nm=audio 14826 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=maxptime:150\r\na=sendrecv\r\n";

    private static readonly string Invite =
        "INVITE sip:5551234@10.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 10.0.0.21:5060;rport;branch=z9hG4bKPj4a9e5f1b-6c0d-4e3a-9a57-0f1f3b2c1d9e;alias\r\n" +
        "From: \"Agent 042\" <sip:agent042@10.0.0.21>;tag=7d2a6c1e-3f0b-4b8e-8c1d-5a9f2e7b6c4d\r\n" +
        "To: <sip:5551234@10.0.0.1>\r\n" +
        "Contact: <sip:asterisk@10.0.0.21:5060;transport=TCP>\r\n" +
        "Call-ID: 4f1c9a2b-8e7d-4c6b-a5f4-3e2d1c0b9a87\r\n" +
        "CSeq: 31415 INVITE\r\n" +
        "Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER\r\n" +
        "Supported: 100rel, timer, replaces, norefersub, histinfo\r\n" +
        "Session-Expires: 1800\r\nMin-SE: 90\r\nMax-Forwards: 70\r\n" +
        "User-Agent: Asterisk PBX 20.5.0\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Sdp.Length}\r\n\r\n" + Sdp;

    private readonly SipStreamFramer _framer = new(65_535);
    private byte[] _one = null!;
    private byte[] _sixteen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _one = Encoding.ASCII.GetBytes(Invite);
        _sixteen = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Invite, 16)));
    }

    [Benchmark(Baseline = true)]
    public int OneMessage() => _framer.Next(_one).MessageLength;

    [Benchmark(OperationsPerInvoke = 16)]
    public int SixteenPipelined()
    {
        var data = _sixteen.AsSpan();
        var total = 0;
        while (!data.IsEmpty)
        {
            var frame = _framer.Next(data);
            total += frame.MessageLength;
            data = data[frame.Consumed..];
        }

        return total;
    }

    [Benchmark]
    public int InSixtyFourByteReads()
    {
        for (var received = 64; ; received = Math.Min(received + 64, _one.Length))
        {
            var frame = _framer.Next(_one.AsSpan(0, received));
            if (frame.Status == SipFrameStatus.Message)
            {
                return frame.MessageLength;
            }
        }
    }
}
