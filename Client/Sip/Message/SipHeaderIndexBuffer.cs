using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Sip.Message;

/// <summary>Index of the first header line of each known id, or -1; indexed by <see cref="SipHeaderId"/>.</summary>
[InlineArray(SipKnownHeaders.Count)]
internal struct SipHeaderIndexBuffer
{
    private short _element;
}
