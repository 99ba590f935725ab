using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>The outcome of a reload: the snapshot to publish and what changed.</summary>
internal sealed record DispatcherReconciliation(DispatcherSnapshot Snapshot, DispatcherDiff Diff);
