using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 6: uniformly random among the selectable destinations. Kamailio draws over the
/// whole set and walks to the next active one, which doubles a dead destination's neighbour;
/// drawing over the live ones keeps the split even.
/// </summary>
internal sealed class RandomPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.Random;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        var live = 0;
        foreach (var d in set.Destinations)
        {
            live += d.IsSelectable ? 1 : 0;
        }

        if (live == 0)
        {
            return 0;
        }

        var nth = context.Random.Next(live);
        for (var i = 0; i < set.Count; i++)
        {
            if (set.Destinations[i].IsSelectable && nth-- == 0)
            {
                return FailoverOrder.Fill(set, i, order);
            }
        }

        return 0;
    }
}
