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
        var count = set.Count;
        var group = int.MaxValue;
        foreach (var d in set.Destinations)
        {
            if (d.IsSelectable && d.Priority < group)
            {
                group = d.Priority;
            }
        }

        if (group == int.MaxValue || order.IsEmpty)
        {
            return 0;
        }

        Span<int> weights = count <= 64 ? stackalloc int[count] : new int[count];
        var any = false;
        for (var i = 0; i < count; i++)
        {
            var d = set.Destinations[i];
            weights[i] = d.IsSelectable && d.Priority == group ? d.Attributes.Weight : 0;
            any |= weights[i] > 0;
        }

        if (!any)
        {
            for (var i = 0; i < count; i++)
            {
                var d = set.Destinations[i];
                weights[i] = d.IsSelectable && d.Priority == group ? 1 : 0;
            }
        }

        var chosen = WeightedChoice.Pick(weights, context.Random);
        order[0] = chosen;
        var written = 1;
        for (var step = 1; step < count && written < order.Length; step++)
        {
            var i = (chosen + step) % count;
            if (set.Destinations[i].IsSelectable && set.Destinations[i].Priority == group)
            {
                order[written++] = i;
            }
        }

        // The other groups follow by ascending priority value, each in written order (the set
        // is sorted descending, so walking it backwards and inserting stably gives both).
        var first = written;
        for (var i = count - 1; i >= 0; i--)
        {
            var d = set.Destinations[i];
            if (!d.IsSelectable || d.Priority == group)
            {
                continue;
            }

            if (written < order.Length)
            {
                var at = written++;
                for (; at > first && set.Destinations[order[at - 1]].Priority > d.Priority; at--)
                {
                    order[at] = order[at - 1];
                }

                order[at] = i;
            }
            else if (set.Destinations[order[written - 1]].Priority > d.Priority)
            {
                // The list is full: a better group may still displace its tail.
                var at = written - 1;
                for (; at > first && set.Destinations[order[at - 1]].Priority > d.Priority; at--)
                {
                    order[at] = order[at - 1];
                }

                order[at] = i;
            }
        }

        return written;
    }
}
