namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Well-known grain keys and topic names shared by silos and edges.</summary>
internal static class GrainKeys
{
    /// <summary>The one call-load grain of the cluster.</summary>
    public const string Calls = "calls";

    /// <summary>The distributed pub-sub topic that carries every <see cref="SetSnapshot"/>.</summary>
    public const string SnapshotTopic = "snapshots";
}
