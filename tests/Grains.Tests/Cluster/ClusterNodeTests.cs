using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

public sealed class ClusterNodeTests
{
    [Fact]
    public async Task StartAsync_NoSeeds_JoinsItselfAndLeavesOnStop()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var node = await ClusterNode.StartAsync(new ClusterOptions { Roles = ["silo", "edge"] }, timeout.Token);

        // StartAsync completes on the node's own MemberUp; the roles come from the options.
        Assert.Equal(["edge", "silo"], node.Cluster.SelfRoles.Order());
        Assert.NotEqual(0, node.Address.Port);
        Assert.IsType<WireSerializer>(node.System.Serialization.FindSerializerFor(new CallEnded("c")));

        await node.DisposeAsync();

        Assert.True(node.System.WhenTerminated.IsCompleted);
    }
}
