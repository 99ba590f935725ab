using System.Globalization;
using OrleansLB.Client.Integration;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sipp;
using Xunit.Abstractions;

namespace OrleansLB.Client.Soak;

/// <summary>
/// Bytes the edge allocates per call (INVITE, 100, 180, 200, ACK, BYE, 200 through it), in this
/// process while sipp runs the calls: a guard against the hot path growing allocations, with the
/// sampled types in the output (docs/benchmarks.md lists them).
/// </summary>
[Collection(SippCollection.Name)]
public sealed class EdgeAllocationTests(ITestOutputHelper output)
{
    private const int Calls = 1500;
    private const int CallsPerSecond = 100;

    // Measured 2026-11-23: about 24 KB per call (docs/benchmarks.md). The count is process-wide and other test classes run beside this one, so the bound catches a doubling, not a few KB.
    private const long BytesPerCallLimit = 48 * 1024;

    [Fact]
    public async Task Calls_ThroughTheEdge_AllocateLessThanTheBoundPerCall()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new EdgeBackend(SippScenarios.UasAnswer), new EdgeBackend(SippScenarios.UasAnswer), new EdgeBackend(SippScenarios.UasAnswer)]);
        var caller = edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with
        {
            CallRate = CallsPerSecond,
            PauseDuration = TimeSpan.FromMilliseconds(100),
            TraceMessages = false,
            Deadline = TimeSpan.FromSeconds(60),
        };

        // Warm-up: the JIT's tiers and every lazily built cache, outside the count.
        var warm = await SippProcess.RunAsync(caller with { MaxCalls = 300 });
        Assert.True(warm.AllCallsSucceeded, warm.ToString());

        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await SippProcess.RunAsync(caller);
        var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / Calls;

        var report = string.Join('\n', listener.ByType().Take(15).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value / Calls,8} B/call  {p.Key}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{perCall} bytes allocated per call; sampled by type:\n{report}"));
        Assert.True(result.AllCallsSucceeded, result.ToString());
        Assert.True(perCall < BytesPerCallLimit, $"{perCall} bytes per call\n{report}");
    }
}
