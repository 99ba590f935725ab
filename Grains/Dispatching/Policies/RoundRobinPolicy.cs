using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 4: plain round-robin over the set, weights ignored (as Kamailio; OpenSIPS' 4 is
/// weighted). A dead destination's turn passes to the next active one, and the position moves
/// past the one chosen, so no destination gets two turns in a row for it.
/// </summary>
internal sealed class RoundRobinPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.RoundRobin;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        Pick(set, context, order);

    /// <summary>The round-robin pick, shared with the algorithms that fall back to it (5 without credentials, 14).</summary>
    internal static int Pick(DestinationSet set, SelectionContext context, Span<int> order)
    {
        var count = set.Count;
        var position = context.RoundRobinPosition;
        var chosen = count == 0 ? -1 : FailoverOrder.NextSelectable(set, (int)((uint)position % (uint)count));
        if (chosen < 0)
        {
            return 0;
        }

        context.RoundRobinChosen(position, chosen, count);
        return FailoverOrder.Fill(set, chosen, order);
    }
}
