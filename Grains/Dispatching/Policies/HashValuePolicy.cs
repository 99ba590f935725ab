using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// Algorithm 7: hash over the configured value (Kamailio's <c>hash_pvar</c>, <c>ds_hash_pvar</c>),
/// trimmed; an empty value selects nothing, as Kamailio fails with "String is empty!".
/// </summary>
internal sealed class HashValuePolicy : ISelectionPolicy
{
    public DispatcherAlgorithm Algorithm => DispatcherAlgorithm.HashValue;

    public int Select(DestinationSet set, scoped in SelectionRequest request, SelectionContext context, Span<int> order)
    {
        var value = KamailioHash.Trim(request.HashValue);
        return value.IsEmpty ? 0 : HashPlacer.Select(set, value, default, context, order);
    }
}
