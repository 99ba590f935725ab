using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Silo.Admin;

/// <summary>Active calls per set and destination key (Kamailio's <c>DLGLOAD</c>), counted from the replicated call table.</summary>
internal sealed class CallCounts
{
    private readonly Dictionary<int, Dictionary<string, int>> _bySet = [];

    public CallCounts(IEnumerable<ReplicatedCall> calls)
    {
        foreach (var call in calls)
        {
            if (!_bySet.TryGetValue(call.SetId, out var byKey))
            {
                byKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                _bySet[call.SetId] = byKey;
            }

            byKey[call.DestinationKey] = byKey.GetValueOrDefault(call.DestinationKey) + 1;
        }
    }

    public int For(int setId, string key) =>
        _bySet.TryGetValue(setId, out var byKey) ? byKey.GetValueOrDefault(key) : 0;
}
