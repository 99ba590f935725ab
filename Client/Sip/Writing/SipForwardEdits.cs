namespace OrleansLB.Client.Sip.Writing;

/// <summary>
/// What a proxy changes when it forwards a request (RFC 3261 §16.6). Max-Forwards is always
/// decremented (or added as 70); everything else is copied as received.
/// </summary>
internal readonly ref struct SipForwardEdits
{
    /// <summary>New Request-URI; empty keeps the received one.</summary>
    public ReadOnlySpan<byte> RequestUri { get; init; }

    /// <summary>The proxy's own Via value to put on top, e.g. <c>SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK...</c>.</summary>
    public ReadOnlySpan<byte> Via { get; init; }

    /// <summary>A Record-Route value to insert above the received ones, e.g. <c>&lt;sip:10.0.0.1;lr&gt;</c>; empty for none.</summary>
    public ReadOnlySpan<byte> RecordRoute { get; init; }

    /// <summary>Drop the first Route value (the proxy's own, when it is a loose router: §16.4).</summary>
    public bool RemoveFirstRoute { get; init; }

    /// <summary>
    /// How many leading Route values to drop (the proxy's own; two after a double Record-Route with
    /// <c>r2=on</c>). The larger of this and <see cref="RemoveFirstRoute"/> applies.
    /// </summary>
    public int RemoveRoutes { get; init; }

    /// <summary>Drop every Route header: an initial request is dispatched by the rules, so a pre-loaded route set is not followed (Kamailio's <c>remove_hf("Route")</c>).</summary>
    public bool RemoveAllRoutes { get; init; }

    /// <summary>The Max-Forwards to add when the request has none; 0 for 70.</summary>
    public int MaxForwardsIfAbsent { get; init; }

    /// <summary>Value for a <c>received</c> parameter on the received top Via (RFC 3261 §18.2.1); empty for none.</summary>
    public ReadOnlySpan<byte> ViaReceived { get; init; }

    /// <summary>Source port to set as the received top Via's <c>rport</c> value (RFC 3581); 0 to leave it.</summary>
    public int ViaRPort { get; init; }

    /// <summary>Complete header lines to append, each ending in CRLF.</summary>
    public ReadOnlySpan<byte> ExtraHeaders { get; init; }
}
