using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>Calls from a sipp caller through the running edge to three sipp backends, over each transport the edge listens on.</summary>
public sealed class EdgeCallTests
{
    private const int Calls = 30;

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task Calls_ThroughEdgeToThreeBackends_AllSucceedOnEveryBackendAndLeaveNoCall(string transport)
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, Enum.Parse<SippTransport>(transport), Calls) with { CallRate = 50 });
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(5), "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.Equal(Calls, caller.Statistics.SuccessfulCalls);
        // A backend counts a call by its BYE: an INVITE the edge retransmitted after the backend's
        // 200 (its 180 was late) counts twice in sipp's INVITE column.
        Assert.All(backends, b => Assert.True(b.Counts.Received("BYE") > 0, why));
        Assert.True(backends.Sum(b => b.Counts.Received("BYE")) == Calls, why);
    }
}
