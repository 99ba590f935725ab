using Akka.Actor;
using Akka.DistributedData;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

/// <summary>Three actor systems in one process, over loopback remoting: two silos and an edge.</summary>
public sealed class SiloTakeoverTests
{
    /// <summary>Set 1 with one destination that has room for every call these tests make.</summary>
    private static readonly Interfaces.Model.DispatcherSnapshot Roomy =
        new(1, [Interfaces.Model.DestinationSet.Create(1, [GrainClusterFixture.Destination("sip:10.0.1.1:5060", "duid=big;maxload=100000")])]);

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

        // A message sent to the old singleton after it stopped is lost (the proxy delivers at most
        // once): until the edge sees the silo gone, an ask may time out and the edge count alone.
        // From then on its proxy buffers until it finds the new host.
        while (cluster.EdgeNode.Members.Any(m => m.Address == first.Address))
        {
            await Task.Delay(20, timeout.Token);
        }

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

    [Fact]
    public async Task SiloJoiningLater_ReceivesEveryCallUp()
    {
        // 3,000 calls replicate as about 180 kB: more than Akka's default frame of 128 kB, so a silo
        // restarted in a rolling update would never receive them and, once it hosts the grain,
        // would count none of them.
        const int calls = 3_000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var options = new ClusterOptions { StableAfter = TimeSpan.FromSeconds(2), GrainTimeout = TimeSpan.FromSeconds(10) };
        await using var first = await ClusterNode.StartAsync(options, timeout.Token);
        var seeds = new[] { first.Address.ToString() };
        GrainTier.StartSilo(first.System, Roomy, new DispatcherOptions(), TimeProvider.System);
        await using var edgeNode = await ClusterNode.StartAsync(options with { SeedNodes = seeds, Roles = [ClusterOptions.EdgeRole] }, timeout.Token);
        var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, options, new DispatcherOptions().CallLoad, Interfaces.Model.DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
        await Task.WhenAll(Enumerable.Range(0, 32).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < calls; i += 32)
            {
                Assert.False((await edge.SelectByCallLoadAsync(1, $"{Guid.NewGuid()}@10.1.{i / 250}.{i % 250}", 1, timeout.Token)).IsEmpty);
            }
        })));

        await using var second = await ClusterNode.StartAsync(options with { SeedNodes = seeds }, timeout.Token);
        while ((await ReadReplicaAsync(second, timeout.Token)).Count < calls)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(calls, (await ReadReplicaAsync(second, timeout.Token)).Count);
        Assert.False(edge.IsDegraded);
    }

    [Fact]
    public async Task NoSiloLeft_EdgeCountsAlone_ThenHandsEveryCallToTheNextSilo()
    {
        // More calls than one hand-over message carries, and some of them ended during the outage.
        const int calls = 2_500;
        const int ended = 300;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var options = new ClusterOptions { StableAfter = TimeSpan.FromSeconds(2), GrainTimeout = TimeSpan.FromSeconds(2) };
        await using var first = await ClusterNode.StartAsync(options, timeout.Token);
        GrainTier.StartSilo(first.System, Roomy, new DispatcherOptions(), TimeProvider.System);
        await using var edgeNode = await ClusterNode.StartAsync(options with { SeedNodes = [first.Address.ToString()], Roles = [ClusterOptions.EdgeRole] }, timeout.Token);
        var observer = new CountingObserver();
        var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, options, new DispatcherOptions().CallLoad, Interfaces.Model.DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token, observer);
        Assert.False((await edge.SelectByCallLoadAsync(1, "before", 1, timeout.Token)).IsEmpty);

        await first.DisposeAsync();
        for (var i = 0; i < calls; i++)
        {
            Assert.False((await edge.SelectByCallLoadAsync(1, $"alone-{i}", 1, timeout.Token)).IsEmpty);
        }

        for (var i = 0; i < ended; i++)
        {
            Assert.True(await edge.ReportCallAsync(new CallEnded($"alone-{i}"), timeout.Token));
        }

        Assert.True(edge.IsDegraded);
        Assert.Equal(1, observer.Alone);

        // A new silo joins through the edge; the edge finds the grains there and hands its calls over.
        await using var next = await ClusterNode.StartAsync(options with { SeedNodes = [edgeNode.Address.ToString()] }, timeout.Token);
        GrainTier.StartSilo(next.System, Roomy, new DispatcherOptions(), TimeProvider.System);
        while (observer.HandedOver == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.False(edge.IsDegraded);

        // "before" was counted by the silo that left, which took it along: only the edge's own calls are known now.
        var replica = await ReadReplicaAsync(next, timeout.Token);
        Assert.Equal(calls - ended, replica.Count);
        Assert.All(Enumerable.Range(ended, calls - ended), i => Assert.Contains($"alone-{i}", replica));
        Assert.Equal(calls - ended, observer.HandedOver);
        Assert.False((await edge.SelectByCallLoadAsync(1, "after", 1, timeout.Token)).IsEmpty);
        Assert.Contains("after", await ReadReplicaAsync(next, timeout.Token));
    }

    private sealed class CountingObserver : IClusterStateObserver
    {
        private int _alone;
        private int _handedOver;

        public int Alone => Volatile.Read(ref _alone);

        public int HandedOver => Volatile.Read(ref _handedOver);

        public void SetApplied(int setId, long version, long epoch)
        {
        }

        public void CountingAlone() => Interlocked.Increment(ref _alone);

        public void Reconciled(int callsHandedOver, int callsEnded) => Interlocked.Add(ref _handedOver, callsHandedOver);
    }

    private static async Task<IReadOnlyCollection<string>> ReadReplicaAsync(ClusterNode silo, CancellationToken cancellationToken)
    {
        var calls = await CallReplica.ReadLocalAsync(DistributedData.Get(silo.System).Replicator, TimeSpan.FromSeconds(10), cancellationToken);
        return [.. calls.Select(c => c.Key)];
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
