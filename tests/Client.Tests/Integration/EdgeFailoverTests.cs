using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>Serial failover through the running edge: failover codes, timeouts, and codes that go back to the caller.</summary>
public sealed class EdgeFailoverTests
{
    private static readonly TimeSpan Drained = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task BackendAnswering503_EveryCallCompletesElsewhereAndTheBackendGoesInactiveAtTheThreshold()
    {
        const int Threshold = 3;
        const int Calls = 12;
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasUnavailable), new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            [new("Dispatcher:Probing:Threshold", $"{Threshold}")]);

        // One call at a time: each 503 is counted before the next call is placed.
        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with { MaxConcurrentCalls = 1 });
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, Drained, "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.Equal(Calls, caller.Statistics.SuccessfulCalls);
        // Round-robin puts it first on every third call until the third 503 makes it inactive.
        Assert.True(backends[0].Counts.Sent("503") == Threshold, why);
        Assert.True(backends[0].Counts.Received("ACK") == Threshold, why);
        Assert.True(backends[1].Counts.Received("BYE") + backends[2].Counts.Received("BYE") == Calls, why);
        Assert.True(edge.Letters(0) == "IP", why);
        Assert.True(edge.Letters(1) == "AX" && edge.Letters(2) == "AX", why);
    }

    [Fact]
    public async Task SilentBackendFirst_CallsCompleteOnTheNextAfterTheFailoverTimeout()
    {
        const int Calls = 3;
        var failoverTimeout = TimeSpan.FromSeconds(1);
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasSilent) { Priority = 10 }, new(SippScenarios.UasAnswer)],
            [
                .. EdgeUnderTest.InviteRule(0, 1, "priority"),
                new("Proxy:FailoverTimeout", "1s"),
                // High, so the silent backend stays selectable and every call meets the timeout.
                new("Dispatcher:Probing:Threshold", "1000"),
            ]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with { TraceResponseTimes = true });
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, Drained, "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.True(backends[0].Counts.Received("INVITE") == Calls, why);
        Assert.True(backends[1].Counts.Received("BYE") == Calls, why);
        // INVITE sent to 200 received; sipp writes whole milliseconds.
        Assert.Equal(Calls, caller.ResponseTimesMs.Count);
        Assert.All(caller.ResponseTimesMs, ms => Assert.True(ms >= failoverTimeout.TotalMilliseconds - 1, $"{ms} ms\n{why}"));
        // Each timeout is a failed call for ds_mark_dst: trying, below the threshold.
        Assert.True(edge.Letters(0) == "TP", why);
    }

    [Fact]
    public async Task BusyBackendFirst_486ReachesTheCallerWithoutFailover()
    {
        const int Calls = 3;
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasBusy) { Priority = 10 }, new(SippScenarios.UasAnswer)],
            EdgeUnderTest.InviteRule(0, 1, "priority"));

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacExpect486, SippTransport.Udp, Calls));
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, Drained, "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.True(caller.Counts.Received("486") == Calls, why);
        Assert.True(backends[0].Counts.Sent("486") == Calls, why);
        Assert.True(backends[0].Counts.Received("ACK") == Calls, why);
        Assert.True(backends[1].Counts.Received("INVITE") == 0, why);
        // 486 is the callee's answer, not a failure of the destination.
        Assert.True(edge.Letters(0) == "AX", why);
    }
}
