namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>One tracked call as the silos replicate it (by Call-ID), so that a call-load grain activated on another silo rebuilds the counts.</summary>
internal sealed record ReplicatedCall(int SetId, string DestinationKey, bool Confirmed);
