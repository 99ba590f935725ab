namespace OrleansLB.Client.Sipp;

/// <summary>
/// Runs the scenario pairs through a record-routing proxy (<see cref="RecordRoutingRelay"/>), as
/// they will run through the edge: in-dialog requests must carry a Route naming the proxy.
/// </summary>
public sealed class SippRecordRouteTests
{
    private const int Calls = 3;

    [Theory]
    [InlineData("uac_call.xml", "uas_answer.xml", "ACK BYE")]
    [InlineData("uac_reinvite.xml", "uas_answer.xml", "ACK INVITE ACK BYE")]
    [InlineData("uac_wait_bye.xml", "uas_bye_from_callee.xml", "ACK BYE")]
    [InlineData("uac_cancel.xml", "uas_ringing.xml", "")]
    [InlineData("uac_expect_486.xml", "uas_busy.xml", "")]
    public async Task Scenario_ThroughRecordRoutingProxy_InDialogRequestsFollowTheRouteSet(
        string callerScenario, string calleeScenario, string routedPerCall)
    {
        await using var backend = await SippHarnessTests.StartBackendAsync(
            Path.Combine(SippScenarios.Directory, calleeScenario), nameof(SippTransport.Udp), pause: TimeSpan.FromMilliseconds(100));
        await using var relay = new RecordRoutingRelay(backend.EndPoint);

        var caller = await SippProcess.RunAsync(SippHarnessTests.Caller(
            Path.Combine(SippScenarios.Directory, callerScenario), relay.EndPoint, SippTransport.Udp, Calls) with
        {
            ReceiveTimeout = TimeSpan.FromSeconds(5),
        });

        Assert.True(relay.Errors.IsEmpty, string.Join("\n", relay.Errors));
        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        // Retransmissions (same branch) count once: a slow test host makes sipp retransmit.
        var routed = relay.Requests.Where(r => r.RoutedToRelay).DistinctBy(r => (r.Method, r.Branch))
            .GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.Count());
        var expected = routedPerCall.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count() * Calls);
        Assert.Equal(expected.OrderBy(e => e.Key), routed.OrderBy(e => e.Key));
        Assert.All(
            relay.Requests.Where(r => !r.RoutedToRelay),
            r => Assert.Contains(r.Method, new[] { "INVITE", "CANCEL", "ACK" }));
    }
}
