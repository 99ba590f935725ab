namespace OrleansLB.Client.Sip.Parsing;

/// <summary>How the transport delimits messages, which decides the Content-Length rules (RFC 3261 §18.3).</summary>
internal enum SipFraming
{
    /// <summary>UDP: one message per datagram; Content-Length optional, extra octets ignored.</summary>
    Datagram,

    /// <summary>
    /// TCP, TLS, WebSocket: Content-Length required; octets after the body belong to the next message
    /// (<see cref="Message.SipMessage.End"/> says where it starts). <see cref="SipParseStatus.IncompleteMessage"/>
    /// means the buffer holds only the beginning of a message: read more and parse again.
    /// </summary>
    Stream,
}
