using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One UDP socket: a receive loop that hands each datagram to the handler, and sends from the same
/// socket so replies and forwarded requests leave from the SIP port (RFC 3261 §18.1.1, §18.2.2).
/// </summary>
/// <remarks>
/// The socket stays blocking, as Kamailio's UDP workers do: its own thread sleeps in recvfrom
/// and the kernel wakes it for each datagram. An awaited receive instead wakes the socket event
/// loop, which queues the continuation for a thread-pool worker to wake and run: two hand-offs per
/// datagram whenever the socket has run dry, which at a few hundred calls per second is most of
/// them. Sends are plain sendto calls, which on a UDP socket return as soon as the kernel has the
/// datagram.
/// </remarks>
internal sealed class SipUdpListener
{
    /// <summary>Kamailio's MIN_UDP_PACKET: shorter datagrams are keep-alives (CRLF, a few zero bytes), never SIP.</summary>
    public const int MinDatagramSize = 32;

    private const int SioUdpConnReset = -1744830452;

    /// <summary>With ICMP errors queued, a send can fail for earlier datagrams' errors: it is made up to this many times.</summary>
    private const int MaxSendAttempts = 3;

    private readonly Socket _socket;
    private readonly ISipMessageHandler _handler;
    private readonly SipTransportCounters _counters;
    private readonly int _maxMessageSize;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly UdpErrorQueue? _errors;
    private readonly UdpErrorQueue.Unreachable _reportNow;
    private readonly UdpErrorQueue.Unreachable _reportLater;
    private volatile bool _stopping;
    private bool _started;

    public SipUdpListener(SipListenerOptions listener, SipTransportOptions options, ISipMessageHandler handler, SipTransportCounters counters)
    {
        _handler = handler;
        _counters = counters;
        _maxMessageSize = options.MaxMessageSize;
        _socket = new Socket(listener.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listener.Address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // An IPv6 listener serves IPv6 only, so [::]:5060 and 0.0.0.0:5060 can both be listed.
                _socket.DualMode = false;
            }

            if (options.UdpReceiveBufferSize > 0)
            {
                _socket.ReceiveBufferSize = options.UdpReceiveBufferSize;
            }

            if (options.UdpSendBufferSize > 0)
            {
                _socket.SendBufferSize = options.UdpSendBufferSize;
            }

            if (OperatingSystem.IsWindows())
            {
                // Windows reports an ICMP port unreachable as an error on the next receive; ignore it there.
                _socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            _errors = options.UdpUnreachable ? UdpErrorQueue.TryCreate(_socket) : null;
            _socket.Bind(new IPEndPoint(listener.Address, listener.Port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)_socket.LocalEndPoint!);
        _reportNow = Report;
        _reportLater = (destination, datagram) => ThreadPool.UnsafeQueueUserWorkItem(
            static state => state.Listener.Report(state.Destination, state.Datagram), (Listener: this, Destination: destination, Datagram: datagram.ToArray()), preferLocal: false);
    }

    public SipEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    public void Start()
    {
        _started = true;
        new Thread(ReceiveLoop) { IsBackground = true, Name = $"SIP {LocalEndPoint}" }.Start();
    }

    public ValueTask<SipSendResult> SendAsync(IPEndPoint destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? new(new SipSendResult(SipSendStatus.Canceled)) : new(Send(destination, message.Span));

    private SipSendResult Send(IPEndPoint destination, ReadOnlySpan<byte> message)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _socket.SendTo(message, SocketFlags.None, destination);
                _counters.Sent();
                return SipSendResult.Sent;
            }
            catch (SocketException) when (_stopping)
            {
                return new SipSendResult(SipSendStatus.Stopped);
            }
            catch (SocketException e) when (_errors is not null && e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                // Dropped on the way out, which the kernel reports only with IP_RECVERR on: as
                // before it, a lost datagram for the retransmissions to cover.
                _counters.Sent();
                return SipSendResult.Sent;
            }
            catch (SocketException) when (_errors is { } errors && attempt < MaxSendAttempts - 1)
            {
                // Most likely an earlier datagram's ICMP error (of any kind, forged or not),
                // reported on this send instead of this one leaving: read the queue (its handling
                // must not run inside a send) and send again.
                errors.Drain(_reportLater);
            }
            catch (SocketException e)
            {
                _counters.SendFailed();
                return SipSendResult.FromSocketError(e.SocketErrorCode);
            }
            catch (ObjectDisposedException)
            {
                return new SipSendResult(SipSendStatus.Stopped);
            }
        }
    }

    private void Report(IPEndPoint destination, ReadOnlySpan<byte> datagram)
    {
        _counters.Unreachable();
        try
        {
            _handler.OnUnreachable(new SipEndPoint(SipTransportKind.Udp, destination), datagram);
        }
        catch (Exception)
        {
            _counters.HandlerFailed();
        }
    }

    /// <summary>Closes the socket, which wakes the receive thread out of recvfrom; completes when it has ended.</summary>
    public Task StopAsync()
    {
        _stopping = true;
        _socket.Dispose();
        return _started ? _stopped.Task : Task.CompletedTask;
    }

    private void ReceiveLoop()
    {
        try
        {
            Receive();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Receive()
    {
        // One byte over the limit tells a datagram that is too long from one exactly at it.
        var buffer = GC.AllocateUninitializedArray<byte>(_maxMessageSize + 1);
        var address = new SocketAddress(_socket.AddressFamily);
        var peers = new SipEndPointCache(SipTransportKind.Udp);
        while (!_stopping)
        {
            int length;
            SipEndPoint remote;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                remote = peers.Get(address);
            }
            catch (Exception) when (_stopping)
            {
                return;
            }
            catch (SocketException) when (_errors is { } errors)
            {
                // Mostly ICMP errors for datagrams sent from this socket: handled here, on the loop.
                if (errors.Drain(_reportNow) == 0)
                {
                    _counters.ReceiveFailed();
                }

                continue;
            }
            catch (Exception)
            {
                // Errors of other systems, a full buffer, anything: the loop must outlive them.
                _counters.ReceiveFailed();
                continue;
            }

            Deliver(buffer, length, remote);
        }
    }

    private void Deliver(byte[] buffer, int length, SipEndPoint remote)
    {
        if (length < MinDatagramSize)
        {
            _counters.KeepAlive();
            return;
        }

        if (length > _maxMessageSize)
        {
            _counters.Drop();
            return;
        }

        _counters.Received();
        try
        {
            _handler.OnMessage(new ReceivedMessage(buffer.AsMemory(0, length), LocalEndPoint, remote, 0));
        }
        catch (Exception)
        {
            _counters.HandlerFailed();
        }
    }
}
