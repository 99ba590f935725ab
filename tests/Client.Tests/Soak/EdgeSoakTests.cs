using System.Diagnostics;
using System.Globalization;
using OrleansLB.Client.Integration;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sipp;
using Xunit.Abstractions;

namespace OrleansLB.Client.Soak;

/// <summary>
/// The CI version of bench/soak.sh: a sipp caller through the edge to three sipp backends at a
/// moderate rate for a minute, algorithm 10 counting every call. Memory is compared between two
/// points of the steady state, both holding the same number of lingering transactions (Timers J,
/// L and M keep each for 32 s after its call), so what grows between them is what the calls leak.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class EdgeSoakTests(ITestOutputHelper output)
{
    private const int Backends = 3;
    private const int CallsPerSecond = 40;
    private const int MaxLoad = 100;
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(500);

    // Both points are past the first 32 s, when the lingering transactions stop growing in number.
    private static readonly TimeSpan FirstSample = TimeSpan.FromSeconds(36);
    private static readonly TimeSpan SecondSample = TimeSpan.FromSeconds(56);
    private const long HeapGrowthLimit = 6 * 1024 * 1024;
    private const long WorkingSetGrowthLimit = 96 * 1024 * 1024;

    [Fact]
    public async Task Soak_OneMinuteOfCallsThroughTheEdge_NoFailedCallAllEndedMemoryBounded()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [.. Enumerable.Range(0, Backends).Select(_ => new EdgeBackend(SippScenarios.UasAnswer) { Attributes = $"maxload={MaxLoad}" })],
            EdgeUnderTest.InviteRule(0, 1, "call-load"));
        var calls = (int)(CallsPerSecond * Length.TotalSeconds);
        await using var caller = await SippProcess.StartAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, calls) with
        {
            CallRate = CallsPerSecond,
            PauseDuration = Hold,
            TraceMessages = false,
            ReceiveTimeout = TimeSpan.FromSeconds(10),
            Deadline = Length * 2,
        });

        var clock = Stopwatch.StartNew();
        var peakTracked = 0;
        (long Heap, long WorkingSet)? first = null, second = null;
        var exited = caller.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(1)));
            peakTracked = Math.Max(peakTracked, edge.State.Calls.ActiveCalls);
            if (first is null && clock.Elapsed >= FirstSample)
            {
                first = Memory();
            }
            else if (first is not null && second is null && clock.Elapsed >= SecondSample)
            {
                second = Memory();
            }
        }

        var result = await exited;
        await edge.WaitUntilAsync(() => edge.State.Calls.ActiveCalls == 0, TimeSpan.FromSeconds(10), "every call ended in the call table", result);
        var backends = await edge.StopBackendsAsync();

        var why = string.Create(CultureInfo.InvariantCulture,
            $"peak tracked calls {peakTracked}; heap {first?.Heap} -> {second?.Heap}; working set {first?.WorkingSet} -> {second?.WorkingSet}\n{edge.Describe([result, .. backends])}");
        output.WriteLine(why[..why.IndexOf('\n', StringComparison.Ordinal)]);
        Assert.True(result.AllCallsSucceeded, why);
        Assert.Equal(calls, result.Statistics.SuccessfulCalls);
        Assert.Equal(calls, backends.Sum(b => b.Counts.Received("BYE")));

        // In progress at once: rate x (hold + set-up); far below it means no call is counted twice or kept.
        Assert.True(peakTracked <= CallsPerSecond * 3, why);
        Assert.True(first is not null && second is not null, why);
        Assert.True(second.Value.Heap - first.Value.Heap < HeapGrowthLimit, why);
        Assert.True(second.Value.WorkingSet - first.Value.WorkingSet < WorkingSetGrowthLimit, why);
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }
}
