using System.Text;

namespace OrleansLB.Client.Sip.Message;

/// <summary>One header line of a parsed message; the spans point into the message buffer.</summary>
internal readonly ref struct SipHeader
{
    public SipHeader(int index, SipHeaderId id, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ReadOnlySpan<byte> line)
    {
        Index = index;
        Id = id;
        Name = name;
        Value = value;
        Line = line;
    }

    /// <summary>Position among the message's header lines, in received order.</summary>
    public int Index { get; }

    public SipHeaderId Id { get; }

    /// <summary>The name as received (possibly a compact form, any case).</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value without surrounding LWS; folded continuation lines are kept as received.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The whole header line as received, line terminator included; what a proxy copies unchanged.</summary>
    public ReadOnlySpan<byte> Line { get; }

    public override string ToString() => $"{Encoding.UTF8.GetString(Name)}: {SipText.ToString(Value)}";
}
