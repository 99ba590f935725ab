namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One SIP message as the transport framed it: a whole UDP datagram, or one Content-Length-delimited
/// message cut from a TCP stream.
/// </summary>
/// <remarks>
/// A ref struct on purpose: <see cref="Data"/> points into the receive loop's buffer, which is
/// reused as soon as <see cref="ISipMessageHandler.OnMessage"/> returns, and the compiler then
/// forbids keeping it. A handler that needs the bytes later copies them (the parser stores what it
/// must as strings or in its own buffer anyway).
/// </remarks>
internal readonly ref struct ReceivedMessage
{
    public ReceivedMessage(ReadOnlySpan<byte> data, SipEndPoint local, SipEndPoint remote, long connectionId)
    {
        Data = data;
        Local = local;
        Remote = remote;
        ConnectionId = connectionId;
    }

    public ReadOnlySpan<byte> Data { get; }

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
