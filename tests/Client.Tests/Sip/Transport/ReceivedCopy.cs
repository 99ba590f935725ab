using System.Text;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>What a test handler keeps of a <see cref="ReceivedMessage"/>: the bytes copied out of the loop's buffer.</summary>
internal sealed record ReceivedCopy(byte[] Data, SipEndPoint Local, SipEndPoint Remote, long ConnectionId)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
