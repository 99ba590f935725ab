using System.Buffers;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Hashing;

/// <summary>
/// Weighted rendezvous (highest random weight) placement: every selectable destination scores
/// the key, the best score wins and the rest follow by score. A destination going down moves
/// only its own keys, spread over the others in proportion to their weights, and a key's
/// failover list is exactly where it would go if the destinations before it were down.
/// </summary>
internal static class RendezvousHash
{
    private const int StackLimit = 64;

    /// <summary>Writes up to <c>order.Length</c> selectable indexes, best first; returns the count.</summary>
    public static int Select(DestinationSet set, ulong keyHash, Span<int> order)
    {
        var limit = Math.Min(order.Length, set.Count);
        if (limit == 0)
        {
            return 0;
        }

        if (limit <= StackLimit)
        {
            return Rank(set, keyHash, stackalloc ulong[limit], order[..limit]);
        }

        var rented = ArrayPool<ulong>.Shared.Rent(limit);
        try
        {
            return Rank(set, keyHash, rented.AsSpan(0, limit), order[..limit]);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Keeps the best <c>order.Length</c> destinations by insertion, O(count × limit) and no sort
    /// call. Ties (only destinations with the same key) keep the lower index first at every limit.
    /// </summary>
    private static int Rank(DestinationSet set, ulong keyHash, Span<ulong> scores, Span<int> order)
    {
        var destinations = set.Destinations.AsSpan();
        var seeds = set.Seeds.AsSpan(0, destinations.Length);
        var weighted = HasUnequalWeights(destinations);
        var kept = 0;
        for (var i = 0; i < destinations.Length; i++)
        {
            var destination = destinations[i];
            if (!destination.IsSelectable)
            {
                continue;
            }

            var mixed = StableHash.Mix(keyHash ^ seeds[i]);
            var score = weighted ? WeightedScore(mixed, WeightOf(destination)) : mixed;
            if (kept == order.Length && score <= scores[kept - 1])
            {
                continue;
            }

            var at = kept < order.Length ? kept++ : kept - 1;
            for (; at > 0 && scores[at - 1] < score; at--)
            {
                scores[at] = scores[at - 1];
                order[at] = order[at - 1];
            }

            scores[at] = score;
            order[at] = i;
        }

        return kept;
    }

    /// <summary>
    /// <c>w / -ln(u)</c> as sortable bits: a positive double's IEEE bits order like its value. With
    /// equal weights the callers rank by the mixed hash itself, which orders the same (the score
    /// grows with u), and skip the logarithm.
    /// </summary>
    private static ulong WeightedScore(ulong mixed, int weight)
    {
        var u = ((mixed >> 11) + 0.5) * (1.0 / (1UL << 53));
        return BitConverter.DoubleToUInt64Bits(weight / -Ln(u));
    }

    /// <summary>
    /// ln(x) for x in (0, 1], to about 1e-9 relative: the exponent from the bits, then the
    /// mantissa m in [√½, √2) by the series ln m = 2·atanh((m − 1)/(m + 1)) to the 9th power.
    /// A few multiplications instead of <see cref="Math.Log"/> keep a weighted pick under 200 ns,
    /// and plain IEEE arithmetic gives the same bits on every machine, which the C runtime's log
    /// does not promise; two scores closer than that error are a negligible share of keys.
    /// </summary>
    internal static double Ln(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > 1.4142135623730951)
        {
            // Centre the mantissa on 1 so the series is accurate relative to ln x itself near x = 1,
            // where the top scores come from.
            m *= 0.5;
            exponent++;
        }

        var t = (m - 1) / (m + 1);
        var t2 = t * t;
        var series = t * (2 + (t2 * ((2.0 / 3) + (t2 * ((2.0 / 5) + (t2 * ((2.0 / 7) + (t2 * (2.0 / 9)))))))));
        return (exponent * 0.6931471805599453) + series;
    }

    /// <summary>Only the selectable destinations compete, so only their weights must match for the shortcut.</summary>
    private static bool HasUnequalWeights(ReadOnlySpan<Destination> destinations)
    {
        var first = 0;
        foreach (var destination in destinations)
        {
            if (destination.IsSelectable)
            {
                var weight = WeightOf(destination);
                if (first != 0 && weight != first)
                {
                    return true;
                }

                first = weight;
            }
        }

        return false;
    }

    /// <summary>The weight a destination competes with: its <c>weight</c> attribute, or 1 without one.</summary>
    private static int WeightOf(Destination destination) => Math.Max(1, destination.Attributes.Weight);
}
