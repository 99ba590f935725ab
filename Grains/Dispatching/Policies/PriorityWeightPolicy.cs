using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 15, SRV-style (RFC 2782): the group with the lowest priority value that has a
/// selectable destination, split inside it by <c>weight</c> (evenly when it has none). Note the
/// convention is the opposite of algorithms 8, 13 and 14, as in Kamailio. The failover list is
/// the rest of that group, then the next groups by ascending priority value.
/// </summary>
internal sealed class PriorityWeightPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.PriorityWeight;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        var group = NextGroup(set, int.MinValue);
        if (group is null || order.IsEmpty)
        {
            return 0;
        }

        Span<int> weights = set.Count <= 64 ? stackalloc int[set.Count] : new int[set.Count];
        var any = false;
        for (var i = 0; i < set.Count; i++)
        {
            var d = set.Destinations[i];
            weights[i] = d.IsSelectable && d.Priority == group ? d.Attributes.Weight : 0;
            any |= weights[i] > 0;
        }

        if (!any)
        {
            for (var i = 0; i < set.Count; i++)
            {
                var d = set.Destinations[i];
                weights[i] = d.IsSelectable && d.Priority == group ? 1 : 0;
            }
        }

        var chosen = WeightedChoice.Pick(weights, context.Random);
        order[0] = chosen;
        var written = 1;
        for (var step = 1; step < set.Count && written < order.Length; step++)
        {
            var i = (chosen + step) % set.Count;
            if (set.Destinations[i].IsSelectable && set.Destinations[i].Priority == group)
            {
                order[written++] = i;
            }
        }

        // Lower groups follow in ascending priority value; the set is sorted descending, so walk it backwards.
        for (var next = NextGroup(set, group.Value); next is not null && written < order.Length; next = NextGroup(set, next.Value))
        {
            for (var i = set.Count - 1; i >= 0 && written < order.Length; i--)
            {
                if (set.Destinations[i].IsSelectable && set.Destinations[i].Priority == next)
                {
                    order[written++] = i;
                }
            }
        }

        return written;
    }

    /// <summary>The lowest priority value above <paramref name="after"/> held by a selectable destination.</summary>
    private static int? NextGroup(DestinationSet set, int after)
    {
        int? best = null;
        foreach (var d in set.Destinations)
        {
            if (d.IsSelectable && d.Priority > after && (best is null || d.Priority < best))
            {
                best = d.Priority;
            }
        }

        return best;
    }
}
