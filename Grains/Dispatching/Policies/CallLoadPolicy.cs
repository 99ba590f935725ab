using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 10 (<c>ds_get_leastloaded</c>): the selectable destination with the fewest active
/// calls that is below its <c>maxload</c> (0 = no cap), ties to the first in set order. The
/// failover list leaves out destinations at their cap. Only an INVITE starts a call: other
/// methods take the first entry, as Kamailio does. The caller counts the call.
/// </summary>
internal sealed class CallLoadPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.CallLoad;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        if (!request.IsInvite)
        {
            return PriorityPolicy.Pick(set, order);
        }

        var loads = request.CallLoads;
        var chosen = -1;
        var least = int.MaxValue;
        for (var i = 0; i < set.Count; i++)
        {
            var load = i < loads.Length ? loads[i] : 0;
            if (HasRoom(set.Destinations[i], load) && load < least)
            {
                chosen = i;
                least = load;
            }
        }

        if (chosen < 0 || order.IsEmpty)
        {
            return 0;
        }

        order[0] = chosen;
        var written = 1;
        for (var step = 1; step < set.Count && written < order.Length; step++)
        {
            var i = (chosen + step) % set.Count;
            if (HasRoom(set.Destinations[i], i < loads.Length ? loads[i] : 0))
            {
                order[written++] = i;
            }
        }

        return written;
    }

    private static bool HasRoom(Destination d, int load) =>
        d.IsSelectable && (d.Attributes.MaxLoad == 0 || load < d.Attributes.MaxLoad);
}
