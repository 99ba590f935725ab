namespace OrleansLB.Client.Sip.Writing;

/// <summary>Optional parts of a response made from a request.</summary>
internal readonly ref struct SipResponseOptions
{
    /// <summary>Tag to add to To when the request's To has none (RFC 3261 §8.2.6.2); empty to add none (e.g. 100 Trying).</summary>
    public ReadOnlySpan<byte> ToTag { get; init; }

    /// <summary>Complete header lines to append, each ending in CRLF (e.g. <c>Retry-After: 5\r\n</c>).</summary>
    public ReadOnlySpan<byte> ExtraHeaders { get; init; }

    /// <summary>Value for a <c>received</c> parameter on the top Via (RFC 3261 §18.2.1); empty for none.</summary>
    public ReadOnlySpan<byte> ViaReceived { get; init; }

    /// <summary>Source port to set as the top Via's <c>rport</c> value (RFC 3581); 0 to leave it.</summary>
    public int ViaRPort { get; init; }
}
