using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 3: hash over the Request-URI's user and host[:port] (<c>ds_hash_ruri</c>). Kamailio's
/// documentation says "user"; its code hashes the host too unless <see cref="SelectionOptions.HashUserOnly"/>.
/// </summary>
internal sealed class HashRequestUriPolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashRequestUri;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        HashPlacer.SelectByUri(set, request.RequestUri, context, order);
}
