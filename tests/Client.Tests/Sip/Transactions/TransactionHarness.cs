using System.Buffers;
using System.Net;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>A transaction layer over a fake transport and a manual clock, listening on 192.0.2.10:5060 (UDP and TCP).</summary>
internal sealed class TransactionHarness : IDisposable
{
    public static readonly IPAddress LocalAddress = IPAddress.Parse("192.0.2.10");
    public static readonly SipEndPoint LocalUdp = new(SipTransportKind.Udp, LocalAddress, 5060);
    public static readonly SipEndPoint LocalTcp = new(SipTransportKind.Tcp, LocalAddress, 5060);
    public static readonly SipEndPoint Phone = new(SipTransportKind.Udp, IPAddress.Parse("198.51.100.7"), 5060);
    public static readonly SipEndPoint Server = new(SipTransportKind.Udp, IPAddress.Parse("203.0.113.1"), 5060);

    public TransactionHarness(SipTimerOptions? timers = null)
    {
        Layer = new SipTransactionLayer(timers, Clock);
        Layer.Attach(Transport, new SipLocalAddresses([
            new SipBoundListener(LocalUdp, "192.0.2.10", 5060),
            new SipBoundListener(LocalTcp, "192.0.2.10", 5060),
        ]));
        Layer.User = User;
    }

    public ManualTimeProvider Clock { get; } = new();

    public FakeSipTransport Transport { get; } = new();

    public RecordingTransactionUser User { get; } = new();

    public SipTransactionLayer Layer { get; }

    public void Receive(string message, SipEndPoint from, long connectionId = 0)
    {
        var local = from.Transport == SipTransportKind.Udp ? LocalUdp : LocalTcp;
        Layer.OnMessage(new ReceivedMessage(Encoding.UTF8.GetBytes(message), local, from, connectionId));
    }

    public void Advance(double milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Advances in 1 ms steps and returns the times (ms from now) at which something was sent.</summary>
    public List<int> SendTimes(int milliseconds)
    {
        Transport.Take();
        var times = new List<int>();
        for (var t = 1; t <= milliseconds; t++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            foreach (var _ in Transport.Take())
            {
                times.Add(t);
            }
        }

        return times;
    }

    public void Dispose() => Layer.Dispose();

    /// <summary>A request as a phone sends it.</summary>
    public static string Request(string method, string branch = "z9hG4bKphone1", string sentBy = "198.51.100.7:5060",
        string callId = "call-1@198.51.100.7", uint cseq = 1, string? toTag = null, string transport = "UDP",
        string requestUri = "sip:100@192.0.2.10", string extraHeaders = "", string cseqMethod = "")
        => SipSamples.Build($"""
            {method} {requestUri} SIP/2.0
            Via: SIP/2.0/{transport} {sentBy};branch={branch}
            Max-Forwards: 70
            From: <sip:alice@198.51.100.7>;tag=a1
            To: <sip:100@192.0.2.10>{(toTag is null ? "" : $";tag={toTag}")}
            Call-ID: {callId}
            CSeq: {cseq} {(cseqMethod.Length > 0 ? cseqMethod : method)}
            Contact: <sip:alice@198.51.100.7:5060>
            {extraHeaders}
            """.Replace("\n\n", "\n", StringComparison.Ordinal).TrimEnd());

    /// <summary>A response a UAS makes to a request (its Vias, From, To with a tag, Call-ID, CSeq).</summary>
    public static string ResponseTo(ReadOnlyMemory<byte>? request, int status, string reason = "Reason", string toTag = "uas1", string extraHeaders = "")
    {
        Assert.NotNull(request);
        var parsed = SipParser.Default.Parse(request.Value, SipFraming.Datagram, out var message);
        Assert.True(parsed.IsOk, parsed.ToString());
        var output = new ArrayBufferWriter<byte>();
        SipMessageWriter.WriteResponse(output, message, status, Encoding.ASCII.GetBytes(reason), new SipResponseOptions
        {
            ToTag = status == 100 ? default : Encoding.ASCII.GetBytes(toTag),
            ExtraHeaders = Encoding.ASCII.GetBytes(extraHeaders),
        });
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>A request this element sends, with its own Via on top.</summary>
    public static byte[] Outgoing(string method, string branch, string transport = "UDP", string callId = "out-1")
        => Encoding.UTF8.GetBytes(SipSamples.Build($"""
            {method} sip:100@203.0.113.1 SIP/2.0
            Via: SIP/2.0/{transport} 192.0.2.10:5060;branch={branch}
            Max-Forwards: 70
            From: <sip:olb@192.0.2.10>;tag=e1
            To: <sip:100@203.0.113.1>
            Call-ID: {callId}
            CSeq: 7 {method}
            """));
}
