namespace OrleansLB.Client.Sip.Message;

internal enum SipUriScheme
{
    Sip,
    Sips,
    Tel,
}
