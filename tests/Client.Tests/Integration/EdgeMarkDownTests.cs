using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary><c>Proxy:MarkDownOnTimeout</c>: the first INVITE that times out on a destination takes it out of selection.</summary>
public sealed class EdgeMarkDownTests
{
    private const int Calls = 4;
    private static readonly TimeSpan Drained = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(true, 1, "IP")]
    [InlineData(false, Calls, "TP")]
    public async Task SilentBackendFirst_MarkDownOnTimeout_OnlyTheFirstCallWaits(bool markDown, int invitesToSilent, string letters)
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasSilent) { Priority = 10 }, new(SippScenarios.UasAnswer)],
            [
                .. EdgeUnderTest.InviteRule(0, 1, "priority"),
                new("Proxy:FailoverTimeout", "1s"),
                new("Proxy:MarkDownOnTimeout", markDown ? "true" : "false"),
                // High, so only the option can take the silent backend out.
                new("Dispatcher:Probing:Threshold", "1000"),
            ]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with { MaxConcurrentCalls = 1 });
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, Drained, "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.True(backends[0].Counts.Received("INVITE") == invitesToSilent, why);
        Assert.True(backends[1].Counts.Received("BYE") == Calls, why);
        Assert.True(edge.Letters(0) == letters, why);
    }
}
