using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 12: every selectable destination at once (parallel forking), the first one as the
/// main branch. There is no failover list: all of them are branches.
/// </summary>
internal sealed class ParallelPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Parallel;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        PriorityPolicy.Pick(set, order);
}
