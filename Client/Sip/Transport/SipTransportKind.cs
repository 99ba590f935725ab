namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// The transport a SIP message travels on (RFC 3261 §18). Values are stable: they index counters
/// and may be stored, so TLS comes later as a new value, never by renumbering.
/// </summary>
internal enum SipTransportKind
{
    Udp = 0,
    Tcp = 1,
}
