namespace OrleansLB.Client.Sip.Transport;

/// <summary>How a send ended. Failures are results, not exceptions: the caller picks the next hop or the error response.</summary>
internal enum SipSendStatus
{
    Sent = 0,

    /// <summary>No listener for the destination's transport and address family (or the given source).</summary>
    NoListener,

    /// <summary>Longer than <see cref="SipTransportOptions.MaxMessageSize"/>, or than a datagram can carry.</summary>
    MessageTooLarge,

    ConnectionRefused,

    /// <summary>No route to the host or network.</summary>
    Unreachable,

    /// <summary>The TCP connect took longer than <see cref="SipTransportOptions.TcpConnectTimeout"/>.</summary>
    TimedOut,

    /// <summary>The connection is unknown, closed, or broke during the send.</summary>
    ConnectionClosed,

    /// <summary><see cref="SipTransportOptions.MaxTcpConnections"/> are open.</summary>
    ConnectionLimitReached,

    /// <summary>The caller's token was cancelled.</summary>
    Canceled,

    /// <summary>The transport is not running: not started yet, or stopping.</summary>
    Stopped,

    /// <summary>Any other socket error; see <see cref="SipSendResult.SocketError"/>.</summary>
    Failed,
}
