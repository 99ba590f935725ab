using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>Algorithm 0: hash over the Call-ID, trimmed as Kamailio does (<c>ds_hash_callid</c>).</summary>
internal sealed class HashCallIdPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashCallId;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        HashPlacer.Select(set, KamailioHash.Trim(request.CallId), default, context, order);
}
