using Akka.Actor;
using Akka.DistributedData;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

/// <summary>Three actor systems in one process, over loopback remoting: two silos and an edge.</summary>
public sealed class SiloTakeoverTests
{
    [Fact]
    public async Task OldestSiloLeaves_OtherSiloTakesOver_CallCountsSurvive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var fast = new ClusterOptions { StableAfter = TimeSpan.FromSeconds(2), GrainTimeout = TimeSpan.FromSeconds(10) };
        await using var first = await ClusterNode.StartAsync(fast, timeout.Token);
        var seeds = new[] { first.Address.ToString() };
        await using var second = await ClusterNode.StartAsync(fast with { SeedNodes = seeds }, timeout.Token);
        await using var edgeNode = await ClusterNode.StartAsync(fast with { SeedNodes = seeds, Roles = [ClusterOptions.EdgeRole] }, timeout.Token);
        GrainTier.StartSilo(first.System, GrainClusterFixture.Seed, new DispatcherOptions(), TimeProvider.System);
        GrainTier.StartSilo(second.System, GrainClusterFixture.Seed, new DispatcherOptions(), TimeProvider.System);
        var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, fast, new DispatcherOptions().CallLoad, Interfaces.Model.DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
        Assert.Equal(5, edge.Snapshot.Sets.Length);

        for (var i = 0; i < 8; i++)
        {
            Assert.False((await edge.SelectByCallLoadAsync(1, $"survivor-{i}", 1, timeout.Token)).IsEmpty);
        }

        await WaitForReplicaAsync(second, 8, timeout.Token);

        // The oldest silo hosts the singleton; it leaves and the second silo activates the grains again.
        await first.StopAsync();

        // The singleton proxy buffers while the directory moves; the grain timeout covers the hand-over.
        Assert.True(await edge.ReportCallAsync(new CallEnded("survivor-0"), timeout.Token));
        var selections = 0;
        for (var i = 0; i < 5; i++)
        {
            selections += (await edge.SelectByCallLoadAsync(1, $"after-{i}", 1, timeout.Token)).IsEmpty ? 0 : 1;
        }

        // 10 slots, 7 still held after the takeover: exactly 3 more fit.
        Assert.Equal(3, selections);
        Assert.False(edge.IsDegraded);
    }

    private static async Task WaitForReplicaAsync(ClusterNode silo, int count, CancellationToken cancellationToken)
    {
        var replicator = DistributedData.Get(silo.System).Replicator;
        while (true)
        {
            var answer = await replicator.Ask(Dsl.Get(CallLoadGrain.ReplicaKey, ReadLocal.Instance), cancellationToken);
            if (answer is GetSuccess success && success.Get(CallLoadGrain.ReplicaKey).Count == count)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
