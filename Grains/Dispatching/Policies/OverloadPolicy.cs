using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 64: round-robin with overload control (RFC 7339 style): a destination whose
/// <c>ocrate</c> is r is passed over for r percent of the calls that reach it. When every live
/// destination is passed over, there is none: the call is refused, which is the point of
/// overload control.
/// </summary>
internal sealed class OverloadPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Overload;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        var count = set.Count;
        if (count == 0)
        {
            return 0;
        }

        var position = context.RoundRobinPosition;
        var start = (int)((uint)position % (uint)count);
        for (var step = 0; step < count; step++)
        {
            var i = (start + step) % count;
            var d = set.Destinations[i];
            if (!d.IsSelectable || (d.Attributes.OverloadRate > 0 && context.Random.Next(100) < d.Attributes.OverloadRate))
            {
                continue;
            }

            context.RoundRobinChosen(position, i, count);
            return FailoverOrder.Fill(set, i, order);
        }

        return 0;
    }
}
