using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>The silo hosting the grains dies (SIGKILL) with calls up and more coming through two edges.</summary>
[Collection(SippCollection.Name)]
public sealed class ClusterFailoverTests
{
    // Room enough that capacity is not what this test is about: during the outage each edge counts alone.
    private const int MaxLoad = 10;
    private const int BackendCount = 3;
    private const int HeldPerEdge = 3;
    private const int CallsPerEdge = 40;
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KillSingletonSilo_DuringLoad_EveryCallSucceedsAndTheNextSiloCountsTheCallsThatAreUp()
    {
        // Three silos: keep-majority over two would down the survivor whenever the dead one had the lower address.
        await using var cluster = await ClusterUnderTest.StartAsync(BackendCount, MaxLoad, silos: 3, edges: 2);
        await using var heldFirst = await SippProcess.StartAsync(cluster.Caller(0, SippScenarios.UacCall, HeldPerEdge, Held) with { Deadline = TimeSpan.FromSeconds(60) });
        await using var heldSecond = await SippProcess.StartAsync(cluster.Caller(1, SippScenarios.UacCall, HeldPerEdge, Held) with { Deadline = TimeSpan.FromSeconds(60) });
        await cluster.WaitUntilAsync(async () => Total(await cluster.ReadLoadsAsync(0)) == 2 * HeldPerEdge, TimeSpan.FromSeconds(10), "the held calls counted by the first silo's grain");

        var hold = TimeSpan.FromMilliseconds(500);
        await using var first = await SippProcess.StartAsync(cluster.Caller(0, SippScenarios.UacCall, CallsPerEdge, hold) with { CallRate = 5 });
        await using var second = await SippProcess.StartAsync(cluster.Caller(1, SippScenarios.UacCall, CallsPerEdge, hold) with { CallRate = 5 });
        await cluster.WaitUntilAsync(async () => Total(await cluster.ReadLoadsAsync(0)) > 2 * HeldPerEdge, TimeSpan.FromSeconds(10), "short calls counted by the first silo's grain");

        cluster.Silos[0].Kill();
        var calls = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

        // Every short call has ended, the held ones are up: the next silo's grain answers both
        // edges again (with no traffic to prompt them) and counts exactly the held calls.
        await cluster.WaitUntilAsync(
            async () => cluster.Edges.All(e => !e.State.IsDegraded) && Total(await cluster.ReadLoadsAsync(1)) == 2 * HeldPerEdge,
            TimeSpan.FromSeconds(20),
            "both edges back on the grains and the survivor counting the held calls");
        var stillHeld = !heldFirst.HasExited && !heldSecond.HasExited;
        var held = await Task.WhenAll(heldFirst.WaitForExitAsync(), heldSecond.WaitForExitAsync());
        await cluster.WaitUntilAsync(async () => (await cluster.ReadLoadsAsync(1)).Count == 0, TimeSpan.FromSeconds(10), "every count back at zero");

        var why = cluster.Describe([.. calls, .. held]);
        Assert.True(cluster.Silos[0].HasExited, why);
        Assert.True(stillHeld, why);
        Assert.All(calls, c => Assert.True(c.AllCallsSucceeded && c.Statistics.SuccessfulCalls == CallsPerEdge, why));
        Assert.All(held, c => Assert.True(c.AllCallsSucceeded && c.Statistics.SuccessfulCalls == HeldPerEdge, why));
    }

    private static int Total(IReadOnlyDictionary<string, int> loads) => loads.Values.Sum();
}
