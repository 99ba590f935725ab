using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 9: static shares by the <c>weight</c> attribute, drawn exactly among the
/// selectable destinations. Unlike Kamailio, a down destination's share is spread over the
/// others by their weights instead of falling on its neighbour, and weights need not sum to
/// 100 (they are proportions). With no weights at all the split is even.
/// </summary>
internal sealed class WeightPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Weight;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        Span<int> weights = set.Count <= 64 ? stackalloc int[set.Count] : new int[set.Count];
        var any = false;
        for (var i = 0; i < set.Count; i++)
        {
            var d = set.Destinations[i];
            weights[i] = d.IsSelectable ? d.Attributes.Weight : 0;
            any |= weights[i] > 0;
        }

        if (!any)
        {
            for (var i = 0; i < set.Count; i++)
            {
                weights[i] = set.Destinations[i].IsSelectable ? 1 : 0;
            }
        }

        var chosen = WeightedChoice.Pick(weights, context.Random);
        return chosen < 0 ? 0 : FailoverOrder.Fill(set, chosen, order);
    }
}
