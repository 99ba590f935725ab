namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One SIP message as the transport framed it: a whole UDP datagram, or one Content-Length-delimited
/// message cut from a TCP stream.
/// </summary>
/// <remarks>
/// A ref struct on purpose: <see cref="Memory"/> points into the receive loop's buffer, which is
/// reused as soon as <see cref="ISipMessageHandler.OnMessage"/> returns, and the compiler then
/// forbids keeping it. A handler that needs the bytes later copies them.
/// </remarks>
internal readonly ref struct ReceivedMessage
{
    public ReceivedMessage(ReadOnlyMemory<byte> memory, SipEndPoint local, SipEndPoint remote, long connectionId)
    {
        Memory = memory;
        Local = local;
        Remote = remote;
        ConnectionId = connectionId;
    }

    public ReadOnlyMemory<byte> Memory { get; }

    public ReadOnlySpan<byte> Data => Memory.Span;

    /// <summary>The listener that received it (for a connection we opened: the listener of its family, else the socket's own address).</summary>
    public SipEndPoint Local { get; }

    public SipEndPoint Remote { get; }

    /// <summary>
    /// The TCP connection it came on, for <see cref="ISipTransport.SendOnConnectionAsync"/>
    /// (responses go back on the same connection, RFC 3261 §18.2.2); 0 for UDP.
    /// </summary>
    public long ConnectionId { get; }

    public SipTransportKind Transport => Local.Transport;
}
