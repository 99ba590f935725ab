using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 13 (<c>ds_manage_route_algo13</c>): each active destination's priority is lowered
/// by its measured latency (<c>priority − latency / priority</c> when the latency exceeds the
/// priority, never below 1; with <c>cc=1</c> the latency is the congestion, estimate minus
/// average). The highest adjusted priority wins; equal ones take turns, because the scan starts
/// at the round-robin position and the sort is stable. The failover list is the adjusted order.
/// </summary>
internal sealed class LatencyPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Latency;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        var count = set.Count;
        if (count == 0 || order.IsEmpty)
        {
            return 0;
        }

        Span<int> indices = count <= 64 ? stackalloc int[count] : new int[count];
        Span<int> priorities = count <= 64 ? stackalloc int[count] : new int[count];
        var position = context.RoundRobinPosition;
        var start = (int)((uint)position % (uint)count);
        var live = 0;
        for (var step = 0; step < count; step++)
        {
            var i = (start + step) % count;
            var d = set.Destinations[i];
            if (!d.IsSelectable)
            {
                continue;
            }

            // Stable insertion, highest adjusted priority first.
            var p = AdjustedPriority(d);
            var at = live;
            while (at > 0 && priorities[at - 1] < p)
            {
                priorities[at] = priorities[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }

            priorities[at] = p;
            indices[at] = i;
            live++;
        }

        if (live == 0)
        {
            return 0;
        }

        context.RoundRobinChosen(position, indices[0], count);
        var written = Math.Min(live, order.Length);
        indices[..written].CopyTo(order);
        return written;
    }

    internal static int AdjustedPriority(Destination d)
    {
        var priority = d.Priority;
        var latency = d.Attributes.CongestionControl
            ? (int)(d.Latency.Estimate - d.Latency.Average)
            : (int)d.Latency.Estimate;
        var handicap = latency > priority && priority > 0 ? latency / priority : 0;
        var adjusted = priority - handicap;
        return adjusted < 1 && priority > 0 ? 1 : adjusted;
    }
}
