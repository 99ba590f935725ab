using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>OPTIONS probing by the running edge: a backend that stops goes inactive, one that comes back on its port goes active again.</summary>
public sealed class EdgeProbingTests
{
    private const int Calls = 6;
    private static readonly TimeSpan StateChange = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Probing_StoppedBackendGoesInactiveAndARestartOnItsPortComesBackActive()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            [
                new("Dispatcher:Probing:Mode", "1"),
                new("Dispatcher:Probing:Interval", "300ms"),
                new("Dispatcher:Probing:Threshold", "2"),
                new("Dispatcher:Probing:Timeout", "300ms"),
            ]);
        await edge.WaitUntilAsync(() => Enumerable.Range(0, 3).All(i => edge.Letters(i) == "AP"), StateChange, "every backend probed and active");

        var port = edge.Backends[0].Port;
        var stopped = await edge.Backends[0].StopAsync();
        await edge.WaitUntilAsync(() => edge.Letters(0) == "IP", StateChange, "the stopped backend inactive", stopped);
        var whileDown = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls));
        Assert.True(whileDown.AllCallsSucceeded, edge.Describe(whileDown));

        await using var restarted = await PinnedSippCallee.StartAsync(SippScenarios.UasAnswer, port);
        await edge.WaitUntilAsync(() => edge.Letters(0) == "AP", StateChange, "the restarted backend active again");
        var afterRestart = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls));
        var restartedCounts = await restarted.StopAsync();
        var others = await Task.WhenAll(edge.Backends.Skip(1).Select(b => b.StopAsync()));

        var why = edge.Describe([whileDown, afterRestart, .. others]) + "\n=== restarted backend ===\n" + restarted.MessageLogTail;
        Assert.True(afterRestart.AllCallsSucceeded, why);
        Assert.True(restartedCounts.Received("OPTIONS") > 0, why);
        Assert.True(restartedCounts.Received("BYE") > 0, why);
        Assert.True(others.Sum(b => b.Counts.Received("BYE")) + restartedCounts.Received("BYE") == 2 * Calls, why);
    }
}
