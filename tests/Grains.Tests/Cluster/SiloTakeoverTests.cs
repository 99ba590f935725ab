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
        await using var cluster = await TwoSilosAndAnEdge.StartAsync(timeout.Token);
        var (first, edge) = (cluster.First, cluster.Edge);
        Assert.Equal(5, edge.Snapshot.Sets.Length);

        for (var i = 0; i < 8; i++)
        {
            Assert.False((await edge.SelectByCallLoadAsync(1, $"survivor-{i}", 1, timeout.Token)).IsEmpty);
        }

        // Each selection was answered once the second silo held it. The oldest silo hosts the singleton; it leaves and the second silo activates the grains again.
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

    [Fact]
    public async Task Answers_LeaveOnlyOnceTheOtherSiloHoldsTheChange()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var cluster = await TwoSilosAndAnEdge.StartAsync(timeout.Token);

        // A majority of two silos is both: what the edge heard is what the second silo would start from.
        for (var i = 0; i < 5; i++)
        {
            Assert.False((await cluster.Edge.SelectByCallLoadAsync(1, $"write-{i}", 1, timeout.Token)).IsEmpty);
            Assert.Contains($"write-{i}", await ReadReplicaAsync(cluster.Second, timeout.Token));

            Assert.True(await cluster.Edge.ReportCallAsync(new CallEnded($"write-{i}"), timeout.Token));
            Assert.DoesNotContain($"write-{i}", await ReadReplicaAsync(cluster.Second, timeout.Token));
        }
    }

    private static async Task<IReadOnlyCollection<string>> ReadReplicaAsync(ClusterNode silo, CancellationToken cancellationToken)
    {
        var answer = await DistributedData.Get(silo.System).Replicator.Ask(Dsl.Get(CallLoadGrain.ReplicaKey, ReadLocal.Instance), cancellationToken);
        return answer is GetSuccess success ? [.. success.Get(CallLoadGrain.ReplicaKey).Keys] : [];
    }

    private sealed record TwoSilosAndAnEdge(ClusterNode First, ClusterNode Second, ClusterNode EdgeNode, ClusterDispatcherState Edge) : IAsyncDisposable
    {
        public static async Task<TwoSilosAndAnEdge> StartAsync(CancellationToken cancellationToken)
        {
            var fast = new ClusterOptions { StableAfter = TimeSpan.FromSeconds(2), GrainTimeout = TimeSpan.FromSeconds(10) };
            var first = await ClusterNode.StartAsync(fast, cancellationToken);
            var seeds = new[] { first.Address.ToString() };
            var second = await ClusterNode.StartAsync(fast with { SeedNodes = seeds }, cancellationToken);
            var edgeNode = await ClusterNode.StartAsync(fast with { SeedNodes = seeds, Roles = [ClusterOptions.EdgeRole] }, cancellationToken);
            GrainTier.StartSilo(first.System, GrainClusterFixture.Seed, new DispatcherOptions(), TimeProvider.System);
            GrainTier.StartSilo(second.System, GrainClusterFixture.Seed, new DispatcherOptions(), TimeProvider.System);
            var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, fast, new DispatcherOptions().CallLoad, Interfaces.Model.DispatcherSnapshot.Empty, TimeProvider.System, cancellationToken);
            return new TwoSilosAndAnEdge(first, second, edgeNode, edge);
        }

        public async ValueTask DisposeAsync()
        {
            await EdgeNode.DisposeAsync();
            await Second.DisposeAsync();
            await First.DisposeAsync();
        }
    }
}
