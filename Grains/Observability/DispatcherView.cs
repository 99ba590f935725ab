using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Observability;

/// <summary>
/// What the per-destination gauges read: the sets with their states and, where this process holds
/// the authoritative count, the active calls.
/// </summary>
/// <param name="CountsCalls">This process counts the calls for algorithm 10 (the call-load grain, or a stand-alone edge); null <paramref name="Calls"/> then means none.</param>
internal sealed record DispatcherView(DispatcherSnapshot Snapshot, bool CountsCalls, CallLoadTracker? Calls);
