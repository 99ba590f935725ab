using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>CANCEL through the running edge while the backend rings.</summary>
public sealed class EdgeCancelTests
{
    private const int Calls = 3;

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task CancelWhileRinging_CallerGets200ForCancelAnd487_NoCallLeft(string transport)
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasRinging)]);

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCancel, Enum.Parse<SippTransport>(transport), Calls));
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(5), "every call ended in the call table", caller);
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        // uac_cancel expects exactly these: 180, then 200 for the CANCEL, then 487 for the INVITE.
        Assert.True(caller.Counts.Received("200") == Calls, why);
        Assert.True(caller.Counts.Received("487") == Calls, why);
        Assert.True(backends[0].Counts.Received("CANCEL") == Calls, why);
        Assert.True(backends[0].Counts.Sent("487") == Calls, why);
        Assert.True(backends[0].Counts.Received("ACK") == Calls, why);
    }
}
