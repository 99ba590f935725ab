using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// Two edge processes behind one Service address (<see cref="ServiceRelay"/>): calls set up
/// through one, which then dies (SIGKILL); their BYEs reach the other and end them.
/// </summary>
public sealed class ClusterEdgeKillTests
{
    private const int Calls = 4;
    private const int BackendCount = 2;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task KillEdge_WithCallsUp_ByesThroughTheOtherEdgeEndThemAndEveryCountEndsAtZero()
    {
        await using var service = new ServiceRelay();

        // Record-Route names the Service, so in-dialog requests come back to whichever edge it picks; Via stays the edge's own.
        await using var cluster = await ClusterUnderTest.StartAsync(BackendCount, maxLoad: 10, silos: 2, edges: 0, edgeProcesses: 2, edgeSettings: [("Proxy:AdvertisedUdp", service.EndPoint.ToString())]);
        var (dying, surviving) = (cluster.EdgeProcesses[0], cluster.EdgeProcesses[1]);
        service.Add(dying.UdpEndPoint);
        service.Add(surviving.UdpEndPoint);

        // One caller socket is one flow, so every call goes to the first edge.
        await using var caller = await SippProcess.StartAsync(cluster.Caller(service.EndPoint, SippScenarios.UacCall, Calls, Hold));
        await cluster.WaitUntilAsync(
            async () => service.ForwardedTo(dying.UdpEndPoint, "ACK") >= Calls && (await cluster.ReadLoadsAsync(0, confirmedOnly: true)).Values.Sum() == Calls,
            TimeSpan.FromSeconds(10),
            $"{Calls} calls answered and acknowledged through the first edge");

        dying.Kill();
        service.Remove(dying.UdpEndPoint);
        var calls = await caller.WaitForExitAsync();
        await cluster.WaitUntilAsync(async () => (await cluster.ReadLoadsAsync(0)).Count == 0, TimeSpan.FromSeconds(10), "every count back at zero");
        var backends = await Task.WhenAll(cluster.Backends.Select(b => b.StopAsync()));

        var why = cluster.Describe([calls, .. backends]);
        Assert.True(dying.HasExited, why);
        Assert.Equal(0, service.ForwardedTo(dying.UdpEndPoint, "BYE"));
        Assert.True(service.ForwardedTo(surviving.UdpEndPoint, "BYE") >= Calls, why);
        Assert.True(calls.AllCallsSucceeded && calls.Statistics.SuccessfulCalls == Calls, why);
        Assert.Equal(Calls, backends.Sum(b => b.Counts.Received("BYE")));
    }
}
