using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>Algorithm 2: hash over the To URI's user and host[:port] (<c>ds_hash_touri</c>).</summary>
internal sealed class HashToUriPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashToUri;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        HashPlacer.SelectByUri(set, request.ToUri, context, order);
}
