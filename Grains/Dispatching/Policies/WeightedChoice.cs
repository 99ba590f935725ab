namespace OrleansLB.Grains.Dispatching.Policies;

/// <summary>
/// An exact weighted draw: index i with probability weights[i] / Σ weights. Replaces Kamailio's
/// shuffled 100-slot tables, whose rounding gives the remainder to one destination and breaks
/// with more than a few dozen destinations (kamailio#2698).
/// </summary>
internal static class WeightedChoice
{
    /// <summary>The drawn index, or -1 when every weight is 0.</summary>
    public static int Pick(ReadOnlySpan<int> weights, Random random)
    {
        long total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        if (total <= 0)
        {
            return -1;
        }

        var r = random.NextInt64(total);
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return -1;
    }
}
