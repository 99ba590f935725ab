using OrleansLB.Grains.Cluster;

namespace OrleansLB.Grains.Observability;

/// <summary>The grain tier of this process (a silo): its node, and the directory's state when the directory lives here.</summary>
internal sealed class SiloViewSource(Func<ClusterNode?> node) : IDispatcherViewSource
{
    public int Order => 0;

    public bool IsEdge => false;

    public ClusterNode? Node => node();

    public GrainTierView? Grains => Node is { } n && !n.System.WhenTerminated.IsCompleted ? GrainTierView.Get(n.System) : null;

    public DispatcherView? View => Grains?.View;
}
