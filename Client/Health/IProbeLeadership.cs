namespace OrleansLB.Client.Health;

/// <summary>
/// Whether this edge is the one that probes the destinations for the whole cluster, so that
/// OPTIONS traffic does not grow with the number of edges. Asked before every probe round.
/// Single-node mode: <see cref="AlwaysLeader"/>; an edge in a cluster: <see cref="OldestEdgeLeadership"/>
/// over its node's <c>Akka.Cluster.Cluster</c>.
/// </summary>
internal interface IProbeLeadership
{
    bool IsLeader { get; }
}
