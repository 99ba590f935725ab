namespace OrleansLB.Silo.Admin;

/// <summary>One destination set in Kamailio's order (highest priority first); <paramref name="Version"/> grows with every change of the set.</summary>
internal sealed record SetView(int Id, long Version, IReadOnlyList<DestinationView> Destinations);
