namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Receives every framed message. Called on the receive loop that read it: one loop per UDP socket
/// and one per TCP connection, so calls for one socket or connection come in order, one at a time,
/// while different ones run in parallel. Implementations must be thread-safe, must not block, and
/// should hand slow work elsewhere; an exception is counted and the loop goes on.
/// </summary>
internal interface ISipMessageHandler
{
    void OnMessage(in ReceivedMessage message);

    /// <summary>
    /// <paramref name="destination"/> refused a datagram (an ICMP port unreachable from its own
    /// address; <see cref="SipTransportOptions.UdpUnreachable"/>), of which the error quoted
    /// <paramref name="datagram"/>, the first bytes. Called on a receive loop or a thread-pool
    /// thread, never inside a send.
    /// </summary>
    void OnUnreachable(SipEndPoint destination, ReadOnlySpan<byte> datagram)
    {
    }
}
