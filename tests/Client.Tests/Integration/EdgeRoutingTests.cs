using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>The routing rules of the running edge: by source address, and refusal when no rule matches.</summary>
public sealed class EdgeRoutingTests
{
    private const int Calls = 3;

    [Fact]
    public async Task CarrierSourceRule_CallsFrom127002GoToSet2AndCallsFrom127001ToSet1()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasAnswer) { SetId = 1 }, new(SippScenarios.UasAnswer) { SetId = 2 }],
            [
                .. EdgeUnderTest.InviteRule(0, 2, "round-robin", ("Source:0", "127.0.0.2/32")),
                .. EdgeUnderTest.InviteRule(1, 1, "round-robin"),
            ]);

        // The later -i wins. The harness waits for a bind on 127.0.0.1, which this caller never
        // makes; a caller that ends first (these few calls take well under its 10 s) is returned as ended.
        var carrier = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with { ExtraArguments = ["-i", "127.0.0.2"] });
        var local = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls));
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([carrier, local, .. backends]);
        Assert.True(carrier.AllCallsSucceeded, why);
        Assert.True(local.AllCallsSucceeded, why);
        Assert.Contains("Via: SIP/2.0/UDP 127.0.0.2:", carrier.MessageLogTail, StringComparison.Ordinal);
        Assert.True(backends[0].Counts.Received("BYE") == Calls, why);
        Assert.True(backends[1].Counts.Received("BYE") == Calls, why);
    }

    [Fact]
    public async Task NoRuleMatches_CallRefused403_WhileAMatchingCallIsServed()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasAnswer)],
            EdgeUnderTest.InviteRule(0, 1, "round-robin", ("RequestUriUserPrefix", "9")));

        var refused = await SippProcess.RunAsync(
            edge.Caller(Path.Combine(SippScenarios.Directory, "uac_expect_403.xml"), SippTransport.Udp, Calls) with { ExtraArguments = ["-s", "1000"] });
        var served = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with { ExtraArguments = ["-s", "9000"] });
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([refused, served, .. backends]);
        Assert.True(refused.AllCallsSucceeded, why);
        Assert.True(refused.Counts.Received("403") == Calls, why);
        Assert.True(served.AllCallsSucceeded, why);
        Assert.True(backends[0].Counts.Received("BYE") == Calls, why);
        Assert.True(backends[0].Counts.Received("INVITE") == Calls, why);
        Assert.Equal(0, edge.State.Calls.ActiveCalls);
    }
}
