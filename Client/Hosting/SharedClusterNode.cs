using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// The single-node mode's one cluster node: the silo in the same process starts it (roles silo
/// and edge) and puts it here before the edge starts, so the edge uses it instead of joining with
/// a second actor system, and leaves stopping it to the silo.
/// </summary>
internal sealed class SharedClusterNode
{
    public ClusterNode? Node { get; set; }
}
