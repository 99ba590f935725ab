using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>Algorithm 14: round-robin (4) when every destination has the same priority above 0, otherwise serial by priority (8).</summary>
internal sealed class RoundRobinOrSerialPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.RoundRobinOrSerial;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        set.AllSamePositivePriority ? RoundRobinPolicy.Pick(set, context, order) : PriorityPolicy.Pick(set, order);
}
