namespace OrleansLB.Client.Sip.Message;

/// <summary>One comma-separated value of a list header (Route, Record-Route, Contact, Via, ...).</summary>
internal readonly ref struct SipHeaderValue
{
    public SipHeaderValue(ReadOnlySpan<byte> span, SipValueRef reference)
    {
        Span = span;
        Reference = reference;
    }

    public ReadOnlySpan<byte> Span { get; }

    /// <summary>Which header line holds the value and where, for writers that edit lists.</summary>
    public SipValueRef Reference { get; }

    public bool TryGetAddress(out SipNameAddr address) => SipNameAddr.TryParse(Span, out address);
}
