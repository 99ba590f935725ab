using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.PublishSubscribe.Serialization;
using Akka.DistributedData;
using Akka.DistributedData.Serialization;
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

        // Registered at start, so the gossip of nodes that already use them can be read.
        Assert.IsType<DistributedPubSubMessageSerializer>(node.System.Serialization.FindSerializerFor(new Publish("topic", "message")));
        Assert.IsType<ReplicatedDataSerializer>(node.System.Serialization.FindSerializerFor(LWWDictionary<string, string>.Empty));

        await node.DisposeAsync();

        Assert.True(node.System.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task StartAsync_Edge_ReadsDistributedDataWithoutRunningIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var edge = await ClusterNode.StartAsync(new ClusterOptions { Roles = ["edge"] }, timeout.Token);
        try
        {
            // Distributed data is for silos: an edge that started it would warn that its replicator points to dead letters.
            Assert.False(edge.System.HasExtension<DistributedData>());
            Assert.IsType<ReplicatedDataSerializer>(edge.System.Serialization.FindSerializerFor(LWWDictionary<string, string>.Empty));
            Assert.True(edge.System.HasExtension<DistributedPubSub>());
        }
        finally
        {
            await edge.DisposeAsync();
        }
    }
}
