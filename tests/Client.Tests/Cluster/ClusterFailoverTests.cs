using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>The silo hosting the grains dies (SIGKILL) under load through two edges: no call fails.</summary>
/// <remarks>
/// Not asserted: that the next silo's call-load grain then counts the calls. It does not answer
/// yet (silos that never hosted the grain have not started Akka.DistributedData, so they cannot
/// read the replication messages, and the new activation waits for its read-majority), so the
/// edges stay on their own counting.
/// </remarks>
public sealed class ClusterFailoverTests
{
    // Room enough that capacity is not what this test is about: during the outage each edge counts alone.
    private const int MaxLoad = 10;
    private const int BackendCount = 3;
    private const int CallsPerEdge = 40;

    [Fact]
    public async Task KillSingletonSilo_DuringLoadThroughBothEdges_EveryCallSucceeds()
    {
        // Three silos: keep-majority over two would down the survivor whenever the dead one had the lower address.
        await using var cluster = await ClusterUnderTest.StartAsync(BackendCount, MaxLoad, silos: 3, edges: 2);
        var hold = TimeSpan.FromMilliseconds(500);
        await using var first = await SippProcess.StartAsync(cluster.Caller(0, SippScenarios.UacCall, CallsPerEdge, hold) with { CallRate = 5 });
        await using var second = await SippProcess.StartAsync(cluster.Caller(1, SippScenarios.UacCall, CallsPerEdge, hold) with { CallRate = 5 });
        await cluster.WaitUntilAsync(async () => (await cluster.ReadLoadsAsync(0)).Count > 0, TimeSpan.FromSeconds(10), "calls counted by the first silo's grain");

        cluster.Silos[0].Kill();
        var calls = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

        // Calls placed after the kill, while the grains move, are answered too (by the grains or, meanwhile, by each edge alone).
        var after = await Task.WhenAll(
            SippProcess.RunAsync(cluster.Caller(0, SippScenarios.UacCall, 2, TimeSpan.Zero)),
            SippProcess.RunAsync(cluster.Caller(1, SippScenarios.UacCall, 2, TimeSpan.Zero)));

        var why = cluster.Describe([.. calls, .. after]);
        Assert.True(cluster.Silos[0].HasExited, why);
        Assert.All(calls, c => Assert.True(c.AllCallsSucceeded && c.Statistics.SuccessfulCalls == CallsPerEdge, why));
        Assert.All(after, c => Assert.True(c.AllCallsSucceeded, why));
    }
}
