using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Benchmarks.Sip.Transport;

/// <summary>
/// One request to the edge over 127.0.0.1 and its echo back, sent by the handler the way the
/// proxy will answer (UDP from the receiving socket, TCP on the same connection). The client
/// side is synchronous and allocation-free, so the allocated bytes are the transport's.
/// Aim: 0 bytes per UDP round trip once the peer is known.
/// </summary>
[MemoryDiagnoser]
public class LoopbackRoundTripBenchmarks
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes(
        "OPTIONS sip:edge@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-bench\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:edge@127.0.0.1>\r\n" +
        "Call-ID: bench@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    private readonly byte[] _reply = new byte[2048];
    private SipTransportHost _host = null!;
    private Socket _udp = null!;
    private Socket _tcp = null!;
    private SocketAddress _udpServer = null!;
    private SocketAddress _from = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new EchoHandler();
        _host = new SipTransportHost(
            new SipTransportOptions { Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0), new(SipTransportKind.Tcp, IPAddress.Loopback, 0)] },
            handler);
        handler.Transport = _host;
        _host.Start();

        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _udpServer = _host.Listeners[0].EndPoint.EndPoint.Serialize();
        _from = new SocketAddress(AddressFamily.InterNetwork);

        _tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _tcp.Connect(_host.Listeners[1].EndPoint.EndPoint);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _udp.Dispose();
        _tcp.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public int UdpRoundTrip()
    {
        _udp.SendTo(Request, SocketFlags.None, _udpServer);
        return _udp.ReceiveFrom(_reply, SocketFlags.None, _from);
    }

    [Benchmark]
    public int TcpRoundTrip()
    {
        _tcp.Send(Request);
        var read = 0;
        while (read < Request.Length)
        {
            read += _tcp.Receive(_reply.AsSpan(read, Request.Length - read));
        }

        return read;
    }

    private sealed class EchoHandler : ISipMessageHandler
    {
        // One request is in flight at a time, so one copy buffer serves them all.
        private readonly byte[] _copy = new byte[65_535];

        public ISipTransport Transport { get; set; } = null!;

        public void OnMessage(in ReceivedMessage message)
        {
            message.Data.CopyTo(_copy);
            var reply = _copy.AsMemory(0, message.Data.Length);
            var sent = message.ConnectionId != 0
                ? Transport.SendOnConnectionAsync(message.ConnectionId, reply)
                : Transport.SendAsync(message.Remote, reply, message.Local);
            if (!sent.IsCompletedSuccessfully)
            {
                _ = sent.AsTask();
            }
        }
    }
}
