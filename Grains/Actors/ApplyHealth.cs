using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>A destination grain's new state bits and latency, for every set grain holding that destination (same node: never serialised).</summary>
internal sealed record ApplyHealth(string DestinationKey, DestinationFlags StateFlags, LatencyStats Latency);
