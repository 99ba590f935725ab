using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 11: probability <c>rweight / Σ rweight</c> over the active destinations. With
/// <c>cc=1</c> a destination's share follows Kamailio's congestion control
/// (<c>ds_update_weighted_congestion_control</c>): <c>weight</c> minus its congestion, the
/// latency estimate above the average in ms; when every such destination is congested, shares
/// go by the inverse of each one's congestion.
/// </summary>
internal sealed class RelativeWeightPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.RelativeWeight;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        Span<int> weights = set.Count <= 64 ? stackalloc int[set.Count] : new int[set.Count];
        FillWeights(set, weights);
        var chosen = WeightedChoice.Pick(weights, context.Random);
        return chosen < 0 ? 0 : FailoverOrder.Fill(set, chosen, order);
    }

    internal static void FillWeights(DestinationSet set, Span<int> weights)
    {
        int congested = 0, normal = 0, totalCongestion = 0;
        var allControlled = true;
        for (var i = 0; i < set.Count; i++)
        {
            var d = set.Destinations[i];
            if (!d.Attributes.CongestionControl || d.Attributes.Weight <= 0)
            {
                allControlled &= d.Attributes.CongestionControl;
                weights[i] = d.IsSelectable ? d.Attributes.RelativeWeight : 0;
                continue;
            }

            var congestion = Congestion(d);
            totalCongestion += congestion;
            var active = Math.Max(0, d.Attributes.Weight - congestion);
            congested += active == 0 ? 1 : 0;
            normal += active == 0 ? 0 : 1;
            weights[i] = d.IsSelectable ? active : 0;
        }

        if (allControlled && congested > 1 && normal == 0)
        {
            for (var i = 0; i < set.Count; i++)
            {
                var d = set.Destinations[i];
                weights[i] = d.IsSelectable ? (totalCongestion << 4) / Math.Max(1, Congestion(d)) : 0;
            }
        }
    }

    private static int Congestion(Destination d) =>
        Math.Max(0, (int)(d.Latency.Estimate - d.Latency.Average));
}
