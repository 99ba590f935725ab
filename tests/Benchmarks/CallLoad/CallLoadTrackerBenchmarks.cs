using BenchmarkDotNet.Attributes;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Benchmarks.CallLoad;

// Public and unsealed: BenchmarkDotNet derives from benchmark classes.
[MemoryDiagnoser]
public class CallLoadTrackerBenchmarks
{
    private const int SetId = 1;
    private const int BackgroundCalls = 10_000;

    private readonly CallLoadTracker _tracker = new(CallLoadOptions.Default, TimeProvider.System);
    private readonly string[] _callIds = Enumerable.Range(0, 1024).Select(i => $"{i:x8}-4f1c9a@10.1.2.3").ToArray();
    private readonly int[] _loads = new int[10];
    private DestinationSet _set = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _set = DestinationSet.Create(SetId, Enumerable.Range(0, 10).Select(i => new Destination(
            $"sip:10.0.0.{i}:5060", DestinationFlags.None, 0, DestinationAttributes.FromPairs([new("duid", $"gw{i}")]))));

        // A busy node's table, so lookups and the sweep run at a realistic size.
        for (var i = 0; i < BackgroundCalls; i++)
        {
            _tracker.Start($"bg-{i}@10.9.9.9", SetId, $"gw{i % 10}");
        }
    }

    [Benchmark]
    public bool StartConfirmEnd()
    {
        var callId = _callIds[_next++ & 1023];
        _tracker.Start(callId, SetId, "gw3");
        _tracker.Confirm(callId);
        return _tracker.End(callId);
    }

    [Benchmark]
    public int FillLoadsTenDestinations()
    {
        _tracker.FillLoads(_set, _loads);
        return _loads[9];
    }

    [Benchmark]
    public int ExpireSweepOfTenThousandCallsNoneDue() => _tracker.Expire();
}
