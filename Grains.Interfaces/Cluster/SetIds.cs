using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Every set id the grain tier knows, ascending.</summary>
internal sealed record SetIds(ImmutableArray<int> Ids);
