using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using Akka.Util;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Health;

public sealed class OldestEdgeLeadershipTests
{
    private static readonly Member Silo = Up(1, 4053, ClusterOptions.SiloRole);
    private static readonly Member First = Up(2, 4054, ClusterOptions.EdgeRole);
    private static readonly Member Second = Up(3, 4055, ClusterOptions.EdgeRole);

    [Fact]
    public void Oldest_OlderSiloIgnored_OldestEdgeLeads() =>
        Assert.Equal(First, OldestEdgeLeadership.Oldest(State([Second, Silo, First]), ClusterOptions.EdgeRole));

    [Fact]
    public void Oldest_OldestLeaving_NextEdgeLeads() =>
        Assert.Equal(Second, OldestEdgeLeadership.Oldest(State([Silo, First.Copy(MemberStatus.Leaving), Second]), ClusterOptions.EdgeRole));

    [Fact]
    public void Oldest_OldestUnreachable_NextEdgeLeads() =>
        Assert.Equal(Second, OldestEdgeLeadership.Oldest(State([Silo, First, Second], unreachable: [First]), ClusterOptions.EdgeRole));

    [Fact]
    public void Oldest_NoEdgeUp_Nobody() =>
        Assert.Null(OldestEdgeLeadership.Oldest(State([Silo, First.Copy(MemberStatus.Leaving)]), ClusterOptions.EdgeRole));

    [Fact]
    public async Task IsLeader_SiloAndTwoEdges_OldestEdgeLeads_OtherTakesOverWhenItLeaves()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ClusterOptions { StableAfter = TimeSpan.FromSeconds(2) };
        await using var silo = await ClusterNode.StartAsync(options, timeout.Token);
        var edge = options with { SeedNodes = [silo.Address.ToString()], Roles = [ClusterOptions.EdgeRole] };
        await using var first = await ClusterNode.StartAsync(edge, timeout.Token);
        await using var second = await ClusterNode.StartAsync(edge, timeout.Token);
        var firstLeads = new OldestEdgeLeadership(first.Cluster);
        var secondLeads = new OldestEdgeLeadership(second.Cluster);

        // A node's own MemberUp can come before it hears that a later joiner is Up.
        await WaitAsync(() => AllUp(first, 3) && AllUp(second, 3), timeout.Token);
        Assert.True(firstLeads.IsLeader);
        Assert.False(secondLeads.IsLeader);
        Assert.False(new OldestEdgeLeadership(silo.Cluster).IsLeader);

        await first.StopAsync();

        await WaitAsync(() => secondLeads.IsLeader, timeout.Token);
        await WaitAsync(() => AllUp(second, 2), timeout.Token);
        Assert.True(secondLeads.IsLeader);
    }

    private static bool AllUp(ClusterNode node, int count) =>
        node.Members.Count == count && node.Members.All(m => m.Status == MemberStatus.Up);

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    // Akka keeps Member's constructors internal; a changed signature fails here, loudly.
    private static Member Up(int upNumber, int port, string role) => (Member)Activator.CreateInstance(
        typeof(Member),
        BindingFlags.Instance | BindingFlags.NonPublic,
        binder: null,
        [new UniqueAddress(new Address("akka.tcp", "orleanslb", "127.0.0.1", port), port), upNumber, MemberStatus.Up, ImmutableHashSet.Create(role), AppVersion.Zero],
        culture: null)!;

    private static ClusterEvent.CurrentClusterState State(Member[] members, Member[]? unreachable = null) =>
        new(ImmutableSortedSet.Create(members), [.. unreachable ?? []], [], null, ImmutableDictionary<string, Address>.Empty);
}
