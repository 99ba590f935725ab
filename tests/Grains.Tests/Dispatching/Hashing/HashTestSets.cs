using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Hashing;

/// <summary>Sets, contexts and picks shared by the hash placement and hash policy tests.</summary>
internal static class HashTestSets
{
    public static DestinationSet Equal(int count) =>
        DestinationSet.Create(1, Enumerable.Range(1, count).Select(i => Destination($"sip:10.0.0.{i}:5060", 0)));

    public static DestinationSet Weighted(params int[] weights) =>
        DestinationSet.Create(1, weights.Select((w, i) => Destination($"sip:10.0.1.{i + 1}:5060", w)));

    public static DestinationSet With(this DestinationSet set, int index, DestinationFlags flags) =>
        set.With(index, set[index] with { Flags = flags });

    public static SelectionContext Context(HashPlacement placement, bool userOnly = false) =>
        new(new SelectionOptions { HashPlacement = placement, HashUserOnly = userOnly }, new Random(1));

    /// <summary>The full failover order for a request (limit = set size).</summary>
    public static int[] Order(ISelectionPolicy policy, DestinationSet set, in SelectionRequest request, SelectionContext context, int limit = -1)
    {
        var order = new int[limit < 0 ? set.Count : limit];
        var written = policy.Select(set, request, context, order);
        return order[..written];
    }

    /// <summary>The chosen index for a stable key hash, -1 when none.</summary>
    public static int Pick(DestinationSet set, ulong keyHash)
    {
        Span<int> order = stackalloc int[1];
        return RendezvousHash.Select(set, keyHash, order) == 1 ? order[0] : -1;
    }

    private static Destination Destination(string uri, int weight)
    {
        Assert.True(DestinationAttributes.TryParse(weight > 0 ? $"weight={weight}" : null, out var attributes, out _));
        return new Destination(uri, DestinationFlags.None, 0, attributes);
    }
}
