using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 5: hash over the Authorization or Proxy-Authorization username, trimmed
/// (<c>ds_hash_authusername</c>); round-robin when the request carries no username.
/// </summary>
internal sealed class HashAuthUsernamePolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashAuthUsername;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order) =>
        request.AuthUsername.IsEmpty
            ? RoundRobinPolicy.Pick(set, context, order)
            : HashPlacer.Select(set, KamailioHash.Trim(request.AuthUsername), default, context, order);
}
