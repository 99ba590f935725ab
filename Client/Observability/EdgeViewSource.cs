using OrleansLB.Client.Hosting;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Local;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>
/// The edge of this process: the snapshot it dispatches from, and its call counts when it keeps
/// them alone (no cluster); an edge in a cluster leaves the counts to the call-load grain.
/// </summary>
internal sealed class EdgeViewSource(IDispatcherState state, LocalDispatcherState? local, EdgeClusterService? cluster) : IDispatcherViewSource
{
    public int Order => 1;

    public bool IsEdge => true;

    public ClusterNode? Node => cluster?.Node;

    public DispatcherView? View => new(state.Snapshot, CountsCalls: local is not null, local?.Calls);

    public GrainTierView? Grains => null;
}
