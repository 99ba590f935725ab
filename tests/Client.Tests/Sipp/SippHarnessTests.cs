using System.Net;

namespace OrleansLB.Client.Sipp;

/// <summary>
/// Proves the harness and the scenarios with real sipp processes, caller straight to callee;
/// the edge tests put the edge between the two.
/// </summary>
public sealed class SippHarnessTests
{
    private static readonly TimeSpan CallHold = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task UacCall_AgainstUasAnswer_AllCallsSucceed(string transport)
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasAnswer, transport);

        var caller = await SippProcess.RunAsync(Caller(SippScenarios.UacCall, backend, calls: 20) with { TraceResponseTimes = true });
        var callee = await backend.StopAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(20, caller.Statistics.SuccessfulCalls);
        Assert.Equal(20, caller.ResponseTimesMs.Count);
        Assert.Equal(20, callee.Counts.Received("INVITE"));
        Assert.Equal(20, callee.Counts.Received("BYE"));
        Assert.Equal(0, callee.Counts.Unexpected);
    }

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task UacCancel_AgainstUasRinging_EveryCallCancelled(string transport)
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasRinging, transport);

        var caller = await SippProcess.RunAsync(Caller(SippScenarios.UacCancel, backend, calls: 5));
        var callee = await backend.StopAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(5, caller.Counts.Received("487"));
        Assert.Equal(5, callee.Counts.Received("CANCEL"));
        Assert.Equal(5, callee.Counts.Received("ACK"));
    }

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task UacReinvite_AgainstUasAnswer_ReinviteAnsweredInDialog(string transport)
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasAnswer, transport);

        var caller = await SippProcess.RunAsync(Caller(SippScenarios.UacReinvite, backend, calls: 5));
        var callee = await backend.StopAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(10, callee.Counts.Received("INVITE"));
        Assert.Equal(10, callee.Counts.Received("ACK"));
        Assert.Equal(5, callee.Counts.Received("BYE"));
    }

    [Theory]
    [InlineData("uac_expect_486.xml", "uas_busy.xml", "486")]
    [InlineData("uac_expect_503.xml", "uas_unavailable.xml", "503")]
    public async Task UacExpectCode_AgainstRefusingUas_CountsTheRefusalAsSuccess(string callerScenario, string calleeScenario, string code)
    {
        await using var backend = await StartBackendAsync(Path.Combine(SippScenarios.Directory, calleeScenario), nameof(SippTransport.Udp));

        var caller = await SippProcess.RunAsync(Caller(Path.Combine(SippScenarios.Directory, callerScenario), backend, calls: 3));
        var callee = await backend.StopAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(3, caller.Counts.Received(code));
        Assert.Equal(3, callee.Counts.Sent(code));
        Assert.Equal(3, callee.Counts.Received("ACK"));
    }

    [Fact]
    public async Task UacExpect486_AgainstUasAnswer_FailsEveryCall()
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasAnswer, nameof(SippTransport.Udp));

        var caller = await SippProcess.RunAsync(Caller(SippScenarios.UacExpect486, backend, calls: 2));

        Assert.Equal(1, caller.ExitCode);
        Assert.Equal(2, caller.Statistics.FailedCalls);
        Assert.Equal(0, caller.Statistics.SuccessfulCalls);
        Assert.False(caller.AllCallsSucceeded);
    }

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    [InlineData(nameof(SippTransport.TcpPerCall))]
    public async Task UacWaitBye_AgainstUasByeFromCallee_CalleeHangsUp(string transport)
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasByeFromCallee, transport, pause: TimeSpan.FromMilliseconds(200));

        var caller = await SippProcess.RunAsync(
            Caller(SippScenarios.UacWaitBye, backend, calls: 5) with { ReceiveTimeout = TimeSpan.FromSeconds(5) });
        var callee = await backend.StopAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(5, caller.Counts.Received("BYE"));
        Assert.Equal(5, callee.Counts.Sent("BYE"));
        Assert.Equal(5, callee.Counts.Received("200"));
    }

    [Fact]
    public async Task UasAnswer_OptionsWhileCallsRun_AnswersEveryProbe200()
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasAnswer, nameof(SippTransport.Udp));
        await using var caller = await SippProcess.StartAsync(
            Caller(SippScenarios.UacCall, backend, calls: 20) with { PauseDuration = TimeSpan.FromMilliseconds(300) });

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SipOptionsProbe.SendAsync(backend.EndPoint, TimeSpan.FromSeconds(5))));
        var probedDuringCalls = !caller.HasExited;
        var calls = await caller.WaitForExitAsync();
        var callee = await backend.StopAsync();

        Assert.All(answers, answer => Assert.Equal("SIP/2.0 200 OK", answer));
        Assert.True(probedDuringCalls);
        Assert.True(calls.AllCallsSucceeded, calls.ToString());
        Assert.Equal(5, callee.Counts.Received("OPTIONS"));
        Assert.Equal(20, callee.Counts.Received("INVITE"));
    }

    [Theory]
    [InlineData(nameof(SippTransport.Udp))]
    [InlineData(nameof(SippTransport.Tcp))]
    public async Task UacCall_AgainstUasSilent_FailsEveryCallWithinReceiveTimeout(string transport)
    {
        await using var backend = await StartBackendAsync(SippScenarios.UasSilent, transport);

        var caller = await SippProcess.RunAsync(
            Caller(SippScenarios.UacCall, backend, calls: 3) with { ReceiveTimeout = TimeSpan.FromMilliseconds(500), Deadline = TimeSpan.FromSeconds(10) });

        Assert.Equal(1, caller.ExitCode);
        Assert.False(caller.TimedOut);
        Assert.Equal(3, caller.Statistics.FailedCalls);
        Assert.Equal(0, caller.Statistics.SuccessfulCalls);
        Assert.True(caller.Elapsed < TimeSpan.FromSeconds(10), caller.ToString());
        Assert.Contains("receive timeout", caller.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_MissingScenarioFile_ThrowsWithSippsComplaint()
    {
        var missing = Path.Combine(SippScenarios.Directory, "no_such_scenario.xml");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SippProcess.StartAsync(new SippOptions { Scenario = missing }));

        Assert.Contains("Unable to load or parse", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<SippProcess> StartBackendAsync(string scenario, string transport, TimeSpan pause = default) =>
        await SippProcess.StartAsync(new SippOptions
        {
            Scenario = scenario,
            Transport = Enum.Parse<SippTransport>(transport),
            PauseDuration = pause,
        });

    internal static SippOptions Caller(string scenario, SippProcess backend, int calls) => Caller(scenario, backend.EndPoint, backend.Options.Transport, calls);

    internal static SippOptions Caller(string scenario, IPEndPoint target, SippTransport transport, int calls) => new()
    {
        Scenario = scenario,
        Remote = target,
        Transport = transport,
        CallRate = 10,
        MaxCalls = calls,
        PauseDuration = CallHold,
        Deadline = TimeSpan.FromSeconds(20),
    };
}
