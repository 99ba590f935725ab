namespace OrleansLB.Client.Sip.Message;

/// <summary>One comma-separated value of a header line: the header's index and the value's place in the buffer.</summary>
internal readonly record struct SipValueRef(int HeaderIndex, int Start, int Length)
{
    public static SipValueRef Empty => new(-1, 0, 0);
}
