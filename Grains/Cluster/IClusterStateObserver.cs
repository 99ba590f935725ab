namespace OrleansLB.Grains.Cluster;

/// <summary>What a <see cref="ClusterDispatcherState"/> tells the edge that runs it (for logs and metrics).</summary>
internal interface IClusterStateObserver
{
    /// <summary>The edge now dispatches from this version of the set.</summary>
    void SetApplied(int setId, long version, long epoch);

    /// <summary>The grain tier did not answer in time: the edge selects and counts alone.</summary>
    void CountingAlone();

    /// <summary>The call-load grain answers again and has taken over what the edge did alone.</summary>
    void Reconciled(int callsHandedOver, int callsEnded);
}
