namespace OrleansLB.Grains.Dispatching;

/// <summary>
/// What one selection may read of the request, as raw bytes from the parsed message (no
/// strings), plus the per-destination call counts for algorithm 10. Only the fields the
/// chosen algorithm needs must be filled.
/// </summary>
public readonly ref struct SelectionRequest
{
    /// <summary>Only an INVITE starts a call: algorithm 10 falls back to the first entry for anything else.</summary>
    public bool IsInvite { get; init; }

    public ReadOnlySpan<byte> CallId { get; init; }

    /// <summary>The From header's URI (not the whole header).</summary>
    public ReadOnlySpan<byte> FromUri { get; init; }

    /// <summary>The To header's URI (not the whole header).</summary>
    public ReadOnlySpan<byte> ToUri { get; init; }

    public ReadOnlySpan<byte> RequestUri { get; init; }

    /// <summary>The <c>username</c> of Authorization or Proxy-Authorization; empty when there is none.</summary>
    public ReadOnlySpan<byte> AuthUsername { get; init; }

    /// <summary>The configured value that algorithm 7 hashes (Kamailio's <c>hash_pvar</c>).</summary>
    public ReadOnlySpan<byte> HashValue { get; init; }

    /// <summary>Active calls per destination index of the set, for algorithm 10; empty counts as all zero.</summary>
    public ReadOnlySpan<int> CallLoads { get; init; }
}
