using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using Xunit.Abstractions;

namespace OrleansLB.Grains.Cluster;

[Collection(GrainClusterCollection.Name)]
public sealed class ClusterDispatcherStateTests(GrainClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public void StartAsync_FetchesEverySetFromTheGrains()
    {
        var snapshot = cluster.Edge.Snapshot;

        Assert.Equal([1, 2, 3, 4, 5], snapshot.Sets.Select(s => s.SetId));
        Assert.True(snapshot.TryGetSet(4, out var set));
        Assert.Equal(["s4b", "s4a"], set.Destinations.Select(d => d.Key));
    }

    [Fact]
    public async Task SelectByCallLoadAsync_ConcurrentEdges_NeverPassMaxLoad()
    {
        var chosen = new ConcurrentBag<string>();
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var edge = t % 2 == 0 ? cluster.Edge : cluster.OtherEdge;
            for (var i = 0; i < 5; i++)
            {
                var selection = await edge.SelectByCallLoadAsync(1, $"load-{t}-{i}", 2);
                if (!selection.IsEmpty)
                {
                    chosen.Add(selection.Destinations[0].Key);
                }
            }
        }));

        await Task.WhenAll(tasks);

        Assert.Equal(10, chosen.Count);
        Assert.Equal(5, chosen.Count(k => k == "s1a"));
        Assert.Equal(5, chosen.Count(k => k == "s1b"));
    }

    [Fact]
    public async Task ReportCall_EndedOnAnotherEdge_WithoutAnAsk_FreesTheSlotForThatEdgesNextSelection()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.False((await cluster.Edge.SelectByCallLoadAsync(2, $"full-{i}", 1)).IsEmpty);
        }

        Assert.True((await cluster.OtherEdge.SelectByCallLoadAsync(2, "full-10", 1)).IsEmpty);
        Assert.True(await cluster.OtherEdge.ReportCallAsync(new CallConfirmed("full-3")));
        cluster.OtherEdge.ReportCall(new CallEnded("full-3"));

        // The queued end goes in front of the selection, in the same batch.
        var selection = await cluster.OtherEdge.SelectByCallLoadAsync(2, "full-11", 1);

        Assert.False(selection.IsEmpty);
        Assert.False(await cluster.Edge.ReportCallAsync(new CallEnded("full-3")));
    }

    [Fact]
    public async Task ReportCallAsync_MoveToFullDestination_Refused()
    {
        for (var i = 0; i < 10; i++)
        {
            await cluster.Edge.SelectByCallLoadAsync(3, $"move-{i}", 1);
        }

        Assert.False(await cluster.OtherEdge.ReportCallAsync(new CallMoved("move-0", 3, "s3a", RespectMaxLoad: true)));
        Assert.False(await cluster.OtherEdge.ReportCallAsync(new CallMoved("move-0", 3, "s3b", RespectMaxLoad: true)));
        Assert.True(await cluster.OtherEdge.ReportCallAsync(new CallEnded("move-1")));
    }

    [Fact]
    public async Task ReportHealthAsync_CallFailed_EveryEdgeSeesInactive()
    {
        // A report that changes nothing activates the grains first, so the printed figure is the push alone.
        // The figure is a measurement (docs/grain-tier.md), not asserted: under CPU load a wall clock says nothing about behaviour.
        await cluster.Edge.ReportHealthAsync(new ProbeReplied("s5a", 200, TimeSpan.FromMilliseconds(3)));
        await cluster.Edge.SelectByCallLoadAsync(5, "warm", 1);
        await cluster.Edge.ReportCallAsync(new CallEnded("warm"));

        var watch = Stopwatch.StartNew();
        await cluster.Edge.ReportHealthAsync(new CallFailed("s5a", 503));
        await WaitAsync(() => IsInactive(cluster.Edge) && IsInactive(cluster.OtherEdge), TimeSpan.FromSeconds(15));
        watch.Stop();
        output.WriteLine($"snapshot pushed to both edges in {watch.Elapsed.TotalMilliseconds:F1} ms");

        var selection = await cluster.OtherEdge.SelectByCallLoadAsync(5, "after-down", 2);
        Assert.Equal(["s5b"], selection.Destinations.Select(d => d.Key));
        await cluster.OtherEdge.ReportCallAsync(new CallEnded("after-down"));

        static bool IsInactive(ClusterDispatcherState edge) =>
            edge.Snapshot.TryGetSet(5, out var set) && (set[set.IndexOf("s5a")].Flags & DestinationFlags.Inactive) != 0;
    }

    [Fact]
    public async Task SelectByCallLoadAsync_Sequential_ThroughputAndLatency()
    {
        const int calls = 4000;
        var latencies = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var selection = await cluster.Edge.SelectByCallLoadAsync(4, $"bench-{i}", 2);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.False(selection.IsEmpty);

            // As the proxy reports an end: queued, to ride with the next selection.
            cluster.Edge.ReportCall(new CallEnded($"bench-{i}"));
        }

        total.Stop();
        Array.Sort(latencies);
        output.WriteLine($"{calls / total.Elapsed.TotalSeconds:F0} select+end pairs/s sequential, p50 {latencies[calls / 2]:F3} ms, p99 {latencies[calls * 99 / 100]:F3} ms");
        Assert.False(cluster.Edge.IsDegraded);

        // The queued ends reached the grain, in order ahead of these asks: it no longer knows the calls.
        foreach (var i in new[] { 0, calls / 2, calls - 1 })
        {
            Assert.False(await cluster.Edge.ReportCallAsync(new CallEnded($"bench-{i}")), $"bench-{i} still counted");
        }
    }

    [Fact]
    public async Task SelectByCallLoadAsync_Concurrent_Throughput()
    {
        const int tasks = 32, perTask = 500;
        var watch = Stopwatch.StartNew();
        var selected = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var edge = t % 2 == 0 ? cluster.Edge : cluster.OtherEdge;
            var n = 0;
            for (var i = 0; i < perTask; i++)
            {
                // Unknown set: the grain answers without counting, so only the round trip is measured.
                n += (await edge.SelectByCallLoadAsync(99, $"tp-{t}-{i}", 2)).IsEmpty ? 1 : 0;
            }

            return n;
        })));
        watch.Stop();
        output.WriteLine($"{tasks * perTask / watch.Elapsed.TotalSeconds:F0} selections/s with {tasks} concurrent callers");

        Assert.Equal(tasks * perTask, selected.Sum());
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < deadline, "condition not met before the deadline");
            await Task.Delay(1);
        }
    }
}
