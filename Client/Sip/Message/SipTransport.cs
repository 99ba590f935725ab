namespace OrleansLB.Client.Sip.Message;

/// <summary>The transport token of a Via sent-protocol (RFC 3261 §20.42, RFC 7118 for WS/WSS).</summary>
internal enum SipTransport
{
    Other = 0,
    Udp,
    Tcp,
    Tls,
    Sctp,
    Ws,
    Wss,
}
