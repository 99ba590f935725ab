using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Sip.Message;

/// <summary>Via value slots stored inside the message object.</summary>
[InlineArray(Capacity)]
internal struct SipValueRefBuffer
{
    public const int Capacity = 8;

    private SipValueRef _element;
}
