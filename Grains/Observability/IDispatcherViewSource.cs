using OrleansLB.Grains.Cluster;

namespace OrleansLB.Grains.Observability;

/// <summary>
/// One part of this process that knows the dispatcher state: the grain tier (a silo) or an edge.
/// The single-node mode has both, and the metrics read each family from exactly one of them, by
/// <see cref="Order"/>, so no series appears twice.
/// </summary>
internal interface IDispatcherViewSource
{
    /// <summary>Lower first: the grain tier (0) before an edge (1).</summary>
    int Order { get; }

    bool IsEdge { get; }

    /// <summary>This part's cluster node, when it has joined one.</summary>
    ClusterNode? Node { get; }

    /// <summary>The state now, or null when this part holds none (a silo that does not host the grain directory).</summary>
    DispatcherView? View { get; }

    /// <summary>The grain tier's published state, on a silo.</summary>
    GrainTierView? Grains { get; }
}
