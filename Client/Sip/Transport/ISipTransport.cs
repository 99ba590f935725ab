namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Sends SIP messages (RFC 3261 §18). The bytes must stay unchanged until the returned task
/// completes. Sends never throw for network trouble: they return a <see cref="SipSendResult"/>.
/// </summary>
internal interface ISipTransport
{
    /// <summary>
    /// UDP: one datagram from the first listener socket of the destination's address family, or
    /// from <paramref name="source"/>, so the source port is the SIP port. TCP: on an open
    /// connection to the destination, whichever side opened it; otherwise on a new connection (from
    /// the address of <paramref name="source"/>, or of the first TCP listener of the family) that
    /// is then kept, read from like accepted ones, and reused.
    /// </summary>
    ValueTask<SipSendResult> SendAsync(SipEndPoint destination, ReadOnlyMemory<byte> message, SipEndPoint? source = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends on the TCP connection a message came on (<see cref="ReceivedMessage.ConnectionId"/>).
    /// <see cref="SipSendStatus.ConnectionClosed"/> when it is gone: RFC 3261 §18.2.2 then has the
    /// caller open a new connection to the Via's received address and port.
    /// </summary>
    ValueTask<SipSendResult> SendOnConnectionAsync(long connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
