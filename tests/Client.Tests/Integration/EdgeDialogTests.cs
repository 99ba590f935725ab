using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>In-dialog requests through the running edge, routed by its Record-Route: a BYE from the callee, a re-INVITE from the caller.</summary>
public sealed class EdgeDialogTests
{
    private const int Calls = 5;

    [Fact]
    public async Task CalleeHangsUp_ByeReachesTheCallerThroughTheEdge_NoCallLeft()
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasByeFromCallee) { Pause = TimeSpan.FromMilliseconds(200) }]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacWaitBye, SippTransport.Udp, Calls) with { ReceiveTimeout = TimeSpan.FromSeconds(5) });
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(5), "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.True(caller.Counts.Received("BYE") == Calls, why);
        Assert.True(backends[0].Counts.Sent("BYE") == Calls, why);
        // uas_bye_from_callee receives no other 200: it answers the INVITE itself.
        Assert.True(backends[0].Counts.Received("200") == Calls, why);
    }

    [Fact]
    public async Task Reinvite_InTheDialogThroughTheEdge_AnsweredAndTheCallEnds()
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasAnswer)]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacReinvite, SippTransport.Udp, Calls));
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(5), "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.True(backends[0].Counts.Received("INVITE") == 2 * Calls, why);
        Assert.True(backends[0].Counts.Received("ACK") == 2 * Calls, why);
        Assert.True(backends[0].Counts.Received("BYE") == Calls, why);
    }
}
