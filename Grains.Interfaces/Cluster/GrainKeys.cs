namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Well-known grain keys and actor names shared by silos and edges.</summary>
internal static class GrainKeys
{
    /// <summary>The one call-load grain of the cluster.</summary>
    public const string Calls = "calls";

    /// <summary>
    /// The actor under <c>/user</c> of every edge node to which the grain directory tells each
    /// <see cref="SetSnapshot"/>; it exists before the node joins, so no push can miss it.
    /// </summary>
    public const string SnapshotHub = "orleanslb-snapshots";
}
