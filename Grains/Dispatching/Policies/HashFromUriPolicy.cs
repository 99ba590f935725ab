using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>Algorithm 1: hash over the From URI's user and host[:port] (<c>ds_hash_fromuri</c>).</summary>
internal sealed class HashFromUriPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashFromUri;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        HashPlacer.SelectByUri(set, request.FromUri, context, order);
}
