namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>A message for the grain named by type and key; the grain directory activates the grain if it is not live.</summary>
internal sealed record GrainEnvelope(GrainType Type, string Key, object Message);
