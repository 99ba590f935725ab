namespace OrleansLB.Client.Health;

/// <summary>
/// Whether this edge is the one that probes the destinations for the whole cluster, so that
/// OPTIONS traffic does not grow with the number of edges. Asked before every probe round.
/// </summary>
internal interface IProbeLeadership
{
    bool IsLeader { get; }
}
