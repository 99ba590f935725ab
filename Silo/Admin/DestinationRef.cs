namespace OrleansLB.Silo.Admin;

/// <summary>A destination named by its set and identity (duid, or URI when it has none).</summary>
internal sealed record DestinationRef(int Set, string Key, string Uri);
