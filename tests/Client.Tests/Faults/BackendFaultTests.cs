using OrleansLB.Client.Sip.Proxy;
using System.Diagnostics;
using OrleansLB.Client.Integration;
using OrleansLB.Client.Sipp;
using Xunit.Abstractions;

namespace OrleansLB.Client.Faults;

/// <summary>
/// Backends failing under load, on loopback: three sipp callees behind the edge (round-robin),
/// one sipp caller at <see cref="Rate"/> calls per second, a fault on backend 0 part-way through.
/// Each test writes its figures (<see cref="FaultFigures"/>) and asserts on counts, with bounds
/// derived from the probing window, never on elapsed times.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class BackendFaultTests(ITestOutputHelper output)
{
    private const int Rate = 40;
    private const int Backends = 3;
    /// <summary>As the Kamailio figures of the issue (calls delayed about 2 s); 1 s let a stall of the shared test machine time out relayed BYEs.</summary>
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FastProbeInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);
    private const int ProbeThreshold = 2;
    private static readonly TimeSpan Condition = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>From the fault to the destination marked down by probes alone: Threshold probes, the last one timing out.</summary>
    private static TimeSpan ProbingWindow(TimeSpan interval) => interval * ProbeThreshold + ProbeTimeout;

    /// <summary>
    /// INVITEs that may reach the faulty backend before it is marked down, each delayed by a failover
    /// timeout: its share of the calls over the first timeout (Proxy:MarkDownOnTimeout), or over a
    /// timeout and the probing window (probes alone); +4 for the calls placed while a timer fires.
    /// </summary>
    private static int DelayBound(bool markDownOnTimeout, TimeSpan interval)
        => (int)Math.Ceiling(Rate * (FailoverTimeout + (markDownOnTimeout ? TimeSpan.Zero : ProbingWindow(interval))).TotalSeconds / Backends) + 4;

    /// <summary>INVITEs a backend may have taken, unanswered, when it is killed: those placed in the last few ms, +2 for the race with the signal.</summary>
    private static int InFlightBound => (int)Math.Ceiling(Rate * 0.05 / Backends) + 2;

    /// <param name="probeIntervalMs">500: fast probing; 2000: as the Kamailio figures of the issue, where the option matters.</param>
    /// <param name="udpUnreachable">Whether the port unreachable of a killed backend fails its INVITEs over at once (Sip:UdpUnreachable); off, the edge waits as Kamailio does.</param>
    [Theory]
    [InlineData(PosixSignals.KillNow, false, 2000, false)]
    [InlineData(PosixSignals.KillNow, true, 2000, false)]
    [InlineData(PosixSignals.KillNow, false, 2000, true)]
    [InlineData(PosixSignals.KillNow, true, 500, true)]
    [InlineData(PosixSignals.Stop, true, 2000, true)]
    public async Task BackendLostUnderLoad_OnlyItsEstablishedCallsFailAndItIsTakenBack(int signal, bool markDownOnTimeout, int probeIntervalMs, bool udpUnreachable)
    {
        const int Calls = 600;
        var interval = TimeSpan.FromMilliseconds(probeIntervalMs);
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            [.. Settings(markDownOnTimeout, interval), new("Sip:UdpUnreachable", udpUnreachable ? "true" : "false")]);
        using var counters = new EdgeCounters(edge.Services);
        await using var caller = await SippProcess.StartAsync(Caller(edge, Calls, TimeSpan.FromSeconds(1)));
        await WaitUntilAsync(edge, () => counters.SelectionsOf() >= Calls / 4, "a quarter of the calls placed");

        var port = edge.Backends[0].Port;
        PosixSignals.Send(edge.Backends[0].ProcessId, signal);
        var upOnLost = edge.State.Calls.GetLoad(1, EdgeUnderTest.Key(0));
        await WaitUntilAsync(edge, () => edge.Letters(0) == "IP", "the lost backend marked down");
        await WaitUntilAsync(edge, () => counters.SelectionsOf() >= Calls / 2, "half of the calls placed");

        // Brought back on its port; a frozen one is first killed: the packets of a cut network are lost, not queued.
        PosixSignals.Send(edge.Backends[0].ProcessId, PosixSignals.KillNow);
        await using var revived = await PinnedSippCallee.StartAsync(SippScenarios.UasAnswer, port);
        await WaitUntilAsync(edge, () => edge.Letters(0) == "AP", "the revived backend taken back");
        var result = await caller.WaitForExitAsync();
        await WaitUntilAsync(edge, () => edge.State.Calls.ActiveCalls == 0, "every call ended in the call table", result);
        var revivedCounts = await revived.StopAsync();

        var figures = Figures(signal == PosixSignals.KillNow ? "backend killed" : "backend frozen (SIGSTOP)", result, counters, FailoverTimeout,
            $"MarkDownOnTimeout={markDownOnTimeout}, probes every {interval.TotalSeconds} s, UdpUnreachable={udpUnreachable}; {upOnLost} calls up on it");
        output.WriteLine(figures.ToString());
        var why = $"{figures}\n{edge.Describe(result)}\n=== revived ===\n{revivedCounts}";
        Assert.True(result.Statistics.TotalCalls == Calls, why);

        // Only the calls already up on the lost backend fail (their BYEs have nowhere to go);
        // one more for the race between reading its load and the signal.
        Assert.True(result.Statistics.FailedCalls <= upOnLost + 1, why);
        // A killed backend's port answers unreachable at once, so only INVITEs it took before dying wait.
        var bound = udpUnreachable && signal == PosixSignals.KillNow && OperatingSystem.IsLinux() ? InFlightBound : DelayBound(markDownOnTimeout, interval);
        Assert.True(figures.Delayed <= bound, $"more than {bound} calls delayed\n{why}");
        Assert.True(revivedCounts.Received("INVITE") > 0, why);
    }

    [Fact]
    public async Task BackendAnswering503_NoCallFailsAndEveryRefusalIsRecovered()
    {
        const int Calls = 300;
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasUnavailable), new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            Settings(markDownOnTimeout: true, FastProbeInterval));
        using var counters = new EdgeCounters(edge.Services);

        var result = await SippProcess.RunAsync(Caller(edge, Calls, TimeSpan.FromMilliseconds(500)));
        await WaitUntilAsync(edge, () => edge.State.Calls.ActiveCalls == 0, "every call ended in the call table", result);
        var backends = await edge.StopBackendsAsync();

        var figures = Figures("backend answering 503", result, counters, FailoverTimeout, $"{backends[0].Counts.Sent("503")} answered 503");
        output.WriteLine(figures.ToString());
        var why = $"{figures}\n{edge.Describe([result, .. backends])}";
        Assert.True(result.Statistics.TotalCalls == Calls && result.Statistics.FailedCalls == 0, why);
        Assert.True(figures.Recovered == backends[0].Counts.Sent("503"), why);
        Assert.True(figures.Delayed == 0, why);
    }

    [Fact]
    public async Task SlowBackend_NoCallFailsOnlyItsCallsWait()
    {
        const int Calls = 300;
        var slowness = TimeSpan.FromSeconds(2);
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasSlow) { Pause = slowness }, new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            Settings(markDownOnTimeout: true, FastProbeInterval));
        using var counters = new EdgeCounters(edge.Services);

        var result = await SippProcess.RunAsync(Caller(edge, Calls, TimeSpan.FromMilliseconds(500)));
        await WaitUntilAsync(edge, () => edge.State.Calls.ActiveCalls == 0, "every call ended in the call table", result);
        var backends = await edge.StopBackendsAsync();

        var slowCalls = counters.SelectionsOf(EdgeUnderTest.Key(0));
        var figures = Figures("backend answering after 2 s (100 Trying at once)", result, counters, slowness, $"{slowCalls} calls sent to it");
        output.WriteLine(figures.ToString());
        var why = $"{figures}\n{edge.Describe([result, .. backends])}";
        Assert.True(result.Statistics.TotalCalls == Calls && result.Statistics.FailedCalls == 0, why);
        Assert.True(figures.Recovered == 0, why);
        Assert.True(figures.Delayed >= slowCalls && figures.Delayed <= slowCalls + 2, why);
        Assert.True(edge.Letters(0) == "AP", why);
    }

    private static KeyValuePair<string, string?>[] Settings(bool markDownOnTimeout, TimeSpan probeInterval) =>
    [
        new("Proxy:FailoverTimeout", $"{FailoverTimeout.TotalMilliseconds}ms"),
        new("Proxy:MarkDownOnTimeout", markDownOnTimeout ? "true" : "false"),
        new("Dispatcher:Probing:Mode", "1"),
        new("Dispatcher:Probing:Interval", $"{probeInterval.TotalMilliseconds}ms"),
        new("Dispatcher:Probing:Timeout", $"{ProbeTimeout.TotalMilliseconds}ms"),
        new("Dispatcher:Probing:Threshold", $"{ProbeThreshold}"),
        new("Dispatcher:Probing:InactiveThreshold", "1"),
    ];

    private static SippOptions Caller(EdgeUnderTest edge, int calls, TimeSpan callLength) => edge.Caller(SippScenarios.UacCall, SippTransport.Udp, calls) with
    {
        CallRate = Rate,
        PauseDuration = callLength,
        TraceResponseTimes = true,
        TraceMessages = false,

        // A call left without an answer fails, and is counted, instead of holding the caller to its deadline.
        ReceiveTimeout = TimeSpan.FromSeconds(10),
        Deadline = TimeSpan.FromSeconds(calls / Rate) + TimeSpan.FromSeconds(30),
    };

    private static FaultFigures Figures(string fault, SippResult result, EdgeCounters counters, TimeSpan delayedFrom, string note) => new(
        fault,
        result.Statistics.TotalCalls,
        result.Statistics.FailedCalls,
        counters.FailoversFrom(EdgeUnderTest.Key(0)),
        result.ResponseTimesMs.Count(ms => ms >= delayedFrom.TotalMilliseconds - 1),
        delayedFrom,
        note);

    private static async Task WaitUntilAsync(EdgeUnderTest edge, Func<bool> condition, string what, params SippResult[] results)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Condition, $"Not within {Condition.TotalSeconds} s: {what}\n{edge.Describe(results)}");
            await Task.Delay(PollInterval);
        }
    }
}
