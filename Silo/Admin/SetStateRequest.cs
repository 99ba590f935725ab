namespace OrleansLB.Silo.Admin;

/// <summary>
/// <c>set_state</c>: the state text (Kamailio's a, i, d, t, optionally followed by p) and exactly
/// one target: a destination URI (<c>dispatcher.set_state</c>), a duid
/// (<c>dispatcher.set_duid_state</c>) or every destination of the set (<c>all</c>).
/// </summary>
internal sealed record SetStateRequest(string? State, string? Uri = null, string? Duid = null, bool? All = null);
