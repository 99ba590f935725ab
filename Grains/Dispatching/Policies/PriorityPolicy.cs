using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 8 (serial): always the first selectable destination in set order, which is highest
/// priority value first; the failover list walks down the priorities.
/// </summary>
internal sealed class PriorityPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Priority;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        Pick(set, order);

    internal static int Pick(DestinationSet set, Span<int> order)
    {
        var first = FailoverOrder.NextSelectable(set, 0);
        return first < 0 ? 0 : FailoverOrder.Fill(set, first, order);
    }
}
