namespace OrleansLB.Client.Sip.Message;

/// <summary>Offset and length of a piece of a message inside the buffer it was parsed from.</summary>
internal readonly record struct SipRange(int Start, int Length)
{
    public static SipRange None => new(-1, 0);

    /// <summary>False for an absent element; an element may be present and empty (Length 0).</summary>
    public bool IsPresent => Start >= 0;

    public int End => Start + Length;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> buffer) => IsPresent ? buffer.Slice(Start, Length) : default;
}
