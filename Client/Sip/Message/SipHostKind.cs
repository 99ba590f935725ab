namespace OrleansLB.Client.Sip.Message;

internal enum SipHostKind
{
    None = 0,
    Name,
    IPv4,
    IPv6,
}
