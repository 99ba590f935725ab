namespace OrleansLB.Client.Sip.Message;

/// <summary>Methods the proxy recognises; any other token parses as <see cref="Unknown"/> and keeps its name.</summary>
internal enum SipMethod
{
    Unknown = 0,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
}
