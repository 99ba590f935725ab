using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching;

/// <summary>
/// One dispatcher algorithm: a pure function of the set snapshot, the request and the set's
/// selection context. It writes the chosen destination index into <c>order[0]</c> and the
/// failover list after it (Kamailio's <c>ds_next_dst</c> order), never more than
/// <c>order.Length</c> (the limit), never an inactive or disabled destination, and returns how
/// many it wrote: 0 when none can be used.
/// </summary>
public interface ISelectionPolicy
{
    DispatcherAlgorithm Algorithm { get; }

    int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order);
}
