namespace OrleansLB.Grains.CallLoad;

/// <summary>The active calls counted against one destination (by its key: duid, or URI when it has none) of one set.</summary>
internal readonly record struct DestinationCallLoad(int SetId, string Duid, int Load);
