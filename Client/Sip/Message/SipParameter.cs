namespace OrleansLB.Client.Sip.Message;

/// <summary>One <c>name[=value]</c> parameter of a URI or header value; spans point into the message.</summary>
internal readonly ref struct SipParameter
{
    public SipParameter(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool hasValue, int offset, int length)
    {
        Name = name;
        Value = value;
        HasValue = hasValue;
        Offset = offset;
        Length = length;
    }

    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value as written (a quoted string keeps its quotes); empty when there is none.</summary>
    public ReadOnlySpan<byte> Value { get; }

    public bool HasValue { get; }

    /// <summary>Where the whole parameter (name to end of value) starts in the enumerated span.</summary>
    public int Offset { get; }

    public int Length { get; }
}
