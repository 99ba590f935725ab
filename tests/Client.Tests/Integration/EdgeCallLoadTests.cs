using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>Algorithm 10 through the running edge: <c>maxload</c> caps each backend's active calls.</summary>
public sealed class EdgeCallLoadTests
{
    private const int MaxLoad = 2;
    private const int Backends = 3;

    [Fact]
    public async Task CallLoad_EveryBackendAtItsMaxload_NextCallRefused503AndAllEnd()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [.. Enumerable.Range(0, Backends).Select(_ => new EdgeBackend(SippScenarios.UasAnswer) { Attributes = $"maxload={MaxLoad}" })],
            EdgeUnderTest.InviteRule(0, 1, "call-load"));

        // Held long enough for the extra call to be placed and refused meanwhile.
        await using var held = await SippProcess.StartAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Backends * MaxLoad) with
        {
            CallRate = 50,
            PauseDuration = TimeSpan.FromSeconds(3),
        });
        await edge.WaitUntilAsync(
            () => Enumerable.Range(0, Backends).All(i => edge.State.Calls.GetLoad(1, EdgeUnderTest.Key(i)) == MaxLoad),
            TimeSpan.FromSeconds(5),
            $"{MaxLoad} calls on each backend");
        var extra = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacExpect503, SippTransport.Udp, 1));
        var stillHeld = !held.HasExited;
        var calls = await held.WaitForExitAsync();
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(5), "every call ended in the call table", calls, extra);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([extra, calls, .. backends]);
        Assert.True(stillHeld, why);
        Assert.True(extra.AllCallsSucceeded, why);
        Assert.True(extra.Counts.Received("503") == 1, why);
        Assert.True(calls.AllCallsSucceeded, why);
        Assert.All(backends, b => Assert.True(b.Counts.Received("BYE") == MaxLoad, why));
    }
}
