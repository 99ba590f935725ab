using OrleansLB.Client.Integration;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// Two silo processes, two edges joined to them and three sipp backends on loopback: algorithm 10
/// through both edges at once is counted by the one call-load grain, so <c>maxload</c> holds for
/// the cluster, not per edge.
/// </summary>
public sealed class ClusterEdgeTests
{
    private const int MaxLoad = 2;
    private const int BackendCount = 3;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CallLoad_HeldCallsThroughBothEdges_MaxloadHoldsClusterWideAndEveryCountEndsAtZero()
    {
        await using var cluster = await ClusterUnderTest.StartAsync(BackendCount, MaxLoad, silos: 2, edges: 2);
        var peaks = new Dictionary<string, int>(StringComparer.Ordinal);
        using var stopSampling = new CancellationTokenSource();
        var sampler = SampleAsync(cluster, peaks, stopSampling.Token);

        // Each edge brings half the capacity; together they fill every backend to its maxload.
        var perEdge = BackendCount * MaxLoad / 2;
        await using var first = await SippProcess.StartAsync(cluster.Caller(0, SippScenarios.UacCall, perEdge, Hold));
        await using var second = await SippProcess.StartAsync(cluster.Caller(1, SippScenarios.UacCall, perEdge, Hold));
        await cluster.WaitUntilAsync(
            async () => (await cluster.ReadLoadsAsync(0)) is var loads && Enumerable.Range(0, BackendCount).All(i => loads.GetValueOrDefault(EdgeUnderTest.Key(i)) == MaxLoad),
            TimeSpan.FromSeconds(10),
            $"{MaxLoad} calls on each backend");
        var extras = await Task.WhenAll(
            SippProcess.RunAsync(cluster.Caller(0, SippScenarios.UacExpect503, 1, TimeSpan.Zero)),
            SippProcess.RunAsync(cluster.Caller(1, SippScenarios.UacExpect503, 1, TimeSpan.Zero)));
        var stillHeld = !first.HasExited && !second.HasExited;
        var calls = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());
        await cluster.WaitUntilAsync(
            async () => (await cluster.ReadLoadsAsync(0)).Count == 0,
            TimeSpan.FromSeconds(10),
            "every call ended in the grain's replica");
        await stopSampling.CancelAsync();
        var samples = await sampler;
        var backends = await Task.WhenAll(cluster.Backends.Select(b => b.StopAsync()));

        var why = $"peaks: {string.Join(", ", peaks)} over {samples} samples\n{cluster.Describe([.. calls, .. extras, .. backends])}";
        Assert.True(stillHeld, why);
        Assert.All(calls, c => Assert.True(c.AllCallsSucceeded, why));
        Assert.All(extras, e => Assert.True(e.AllCallsSucceeded && e.Counts.Received("503") == 1, why));
        Assert.True(samples > 0, why);
        Assert.Equal(BackendCount, peaks.Count);
        Assert.All(peaks.Values, peak => Assert.Equal(MaxLoad, peak));
        Assert.All(backends, b => Assert.True(b.Counts.Received("BYE") == MaxLoad, why));
        Assert.All(cluster.Edges, e => Assert.False(e.State.IsDegraded, why));
    }

    /// <summary>Reads the grain's replicated loads until cancelled, keeping each destination's highest; returns the number of samples.</summary>
    private static async Task<int> SampleAsync(ClusterUnderTest cluster, Dictionary<string, int> peaks, CancellationToken cancellationToken)
    {
        var samples = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var (key, load) in await cluster.ReadLoadsAsync(0))
            {
                peaks[key] = Math.Max(peaks.GetValueOrDefault(key), load);
            }

            samples++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }
}
