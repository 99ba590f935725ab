using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching;

/// <summary>Kamailio's failover list (<c>ds_manage_routes_fill_xavp</c>): the chosen index, then those after it, then those before it.</summary>
internal static class FailoverOrder
{
    /// <summary>Writes <paramref name="chosen"/> then every other selectable index after it, wrapping. Returns the count written.</summary>
    public static int Fill(DestinationSet set, int chosen, Span<int> order)
    {
        if (order.IsEmpty)
        {
            return 0;
        }

        order[0] = chosen;
        var written = 1;
        var count = set.Count;
        for (var step = 1; step < count && written < order.Length; step++)
        {
            var i = chosen + step;
            if (i >= count)
            {
                i -= count;
            }

            if (set.Destinations[i].IsSelectable)
            {
                order[written++] = i;
            }
        }

        return written;
    }

    /// <summary>The first selectable index at or after <paramref name="start"/>, wrapping; -1 when there is none.</summary>
    public static int NextSelectable(DestinationSet set, int start)
    {
        var count = set.Count;
        for (var step = 0; step < count; step++)
        {
            var i = start + step;
            if (i >= count)
            {
                i -= count;
            }

            if (set.Destinations[i].IsSelectable)
            {
                return i;
            }
        }

        return -1;
    }
}
