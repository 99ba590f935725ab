using Akka.Cluster;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Health;

/// <summary>
/// The probing edge is the oldest Up member with role <c>edge</c>, the rule Akka's cluster
/// singleton uses to pick its host, read from the membership Akka already keeps on every node
/// (<see cref="Akka.Cluster.Cluster.State"/>, updated from the cluster's member events). When that
/// edge leaves (it stops being Up at once) or is downed, the next oldest leads at its next tick.
/// </summary>
internal sealed class OldestEdgeLeadership(Akka.Cluster.Cluster cluster) : IProbeLeadership
{
    public bool IsLeader => Oldest(cluster.State, ClusterOptions.EdgeRole)?.UniqueAddress == cluster.SelfUniqueAddress;

    /// <summary>
    /// Unreachable members are passed over, unlike the singleton's choice: until the resolver
    /// downs a silent leader the others would otherwise not probe at all, and two edges probing
    /// for a while costs only some duplicate OPTIONS.
    /// </summary>
    internal static Member? Oldest(ClusterEvent.CurrentClusterState state, string role)
    {
        Member? oldest = null;
        foreach (var member in state.Members)
        {
            if (member.Status == MemberStatus.Up && member.HasRole(role) && !state.Unreachable.Contains(member)
                && (oldest is null || member.IsOlderThan(oldest)))
            {
                oldest = member;
            }
        }

        return oldest;
    }
}
