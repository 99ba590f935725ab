namespace OrleansLB.Client.Sip.Transport;

/// <summary>Message counters of one transport, bumped with Interlocked by the loops and senders.</summary>
internal sealed class SipTransportCounters
{
    private long _messagesReceived;
    private long _messagesSent;
    private long _sendFailures;
    private long _dropped;
    private long _receiveErrors;
    private long _handlerErrors;
    private long _keepAlives;
    private long _unreachable;

    /// <summary>Datagrams (UDP) or framed messages (TCP) given to the handler.</summary>
    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    public long MessagesSent => Volatile.Read(ref _messagesSent);

    public long SendFailures => Volatile.Read(ref _sendFailures);

    /// <summary>Input not given to the handler: datagrams over the size limit, streams cut by a framing error.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Socket errors a receive loop survived (such as ICMP port unreachable reported on a UDP socket).</summary>
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by the handler; the loop carried on.</summary>
    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    /// <summary>
    /// Keep-alives received: CRLFCRLF pings on a stream (each answered with a CRLF pong, RFC 5626
    /// §3.5.1), datagrams under <see cref="SipUdpListener.MinDatagramSize"/> bytes on UDP (ignored).
    /// </summary>
    public long KeepAlives => Volatile.Read(ref _keepAlives);

    /// <summary>Datagrams sent from a UDP socket that their destination refused (<see cref="SipTransportOptions.UdpUnreachable"/>).</summary>
    public long UnreachableDatagrams => Volatile.Read(ref _unreachable);

    internal void Received() => Interlocked.Increment(ref _messagesReceived);

    internal void Sent() => Interlocked.Increment(ref _messagesSent);

    internal void SendFailed() => Interlocked.Increment(ref _sendFailures);

    internal void Drop() => Interlocked.Increment(ref _dropped);

    internal void ReceiveFailed() => Interlocked.Increment(ref _receiveErrors);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerErrors);

    internal void KeepAlive() => Interlocked.Increment(ref _keepAlives);

    internal void Unreachable() => Interlocked.Increment(ref _unreachable);
}
