using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// Two edge processes behind one Service address (<see cref="ServiceRelay"/>): calls set up
/// through one, which then dies (SIGKILL) while another caller's calls run through the other;
/// the BYEs of the held calls reach the other edge and end them.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class ClusterEdgeKillTests
{
    private const int Held = 4;
    private const int Load = 60;
    private const int BackendCount = 2;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task KillEdge_WithCallsUpAndLoad_ByesThroughTheOtherEdgeEndThemAndEveryCountEndsAtZero()
    {
        await using var service = new ServiceRelay();

        // Record-Route names the Service, so in-dialog requests come back to whichever edge it picks; Via stays the edge's own.
        await using var cluster = await ClusterUnderTest.StartAsync(BackendCount, maxLoad: 40, silos: 2, edges: 0, edgeProcesses: 2, edgeSettings: [("Proxy:AdvertisedUdp", service.EndPoint.ToString())]);
        var (dying, surviving) = (cluster.EdgeProcesses[0], cluster.EdgeProcesses[1]);
        service.Add(dying.UdpEndPoint);
        service.Add(surviving.UdpEndPoint);

        // One caller socket is one flow, and flows go round the edges: the held calls through the first edge.
        await using var held = await SippProcess.StartAsync(cluster.Caller(service.EndPoint, SippScenarios.UacCall, Held, Hold));
        await cluster.WaitUntilAsync(
            async () => service.ForwardedTo(dying.UdpEndPoint, "ACK") >= Held && (await cluster.ReadLoadsAsync(0, confirmedOnly: true)).Values.Sum() == Held,
            TimeSpan.FromSeconds(10),
            $"{Held} calls answered and acknowledged through the first edge");

        // The load through the second edge: 6 s at 10 calls/s, running across the kill.
        await using var load = await SippProcess.StartAsync(cluster.Caller(service.EndPoint, SippScenarios.UacCall, Load, TimeSpan.FromMilliseconds(500)) with { CallRate = 10 });
        await cluster.WaitUntilAsync(
            () => Task.FromResult(service.ForwardedTo(surviving.UdpEndPoint, "ACK") >= 10),
            TimeSpan.FromSeconds(10),
            "the load running through the second edge");

        dying.Kill();
        service.Remove(dying.UdpEndPoint);
        var calls = await Task.WhenAll(held.WaitForExitAsync(), load.WaitForExitAsync());
        await cluster.WaitUntilAsync(async () => (await cluster.ReadLoadsAsync(0)).Count == 0, TimeSpan.FromSeconds(10), "every count back at zero");
        var backends = await Task.WhenAll(cluster.Backends.Select(b => b.StopAsync()));

        var why = cluster.Describe([.. calls, .. backends]);
        Assert.True(dying.HasExited, why);
        Assert.Equal(0, service.ForwardedTo(dying.UdpEndPoint, "BYE"));
        Assert.True(service.ForwardedTo(surviving.UdpEndPoint, "BYE") >= Held + Load, why);
        Assert.True(calls[0].AllCallsSucceeded && calls[0].Statistics.SuccessfulCalls == Held, why);
        Assert.True(calls[1].AllCallsSucceeded && calls[1].Statistics.SuccessfulCalls == Load, why);
        Assert.Equal(Held + Load, backends.Sum(b => b.Counts.Received("BYE")));
    }
}
