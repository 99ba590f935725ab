using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Sip.Message;

/// <summary>Header slots stored inside the message object, so a typical message needs no second allocation.</summary>
[InlineArray(Capacity)]
internal struct SipHeaderEntryBuffer
{
    public const int Capacity = 32;

    private SipHeaderEntry _element;
}
