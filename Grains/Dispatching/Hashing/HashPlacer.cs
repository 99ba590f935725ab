using System.Numerics;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Hashing;

/// <summary>
/// Places a hash key on a destination with the set's <see cref="HashPlacement"/>: rendezvous
/// hashing over a stable 64-bit hash of the key, or Kamailio's hash modulo the set size.
/// </summary>
internal static class HashPlacer
{
    /// <summary>Places a key given as Kamailio's one or two parts (user and host[:port] for the URI algorithms).</summary>
    public static int Select(
        DestinationSet set, ReadOnlySpan<byte> key1, ReadOnlySpan<byte> key2, SelectionContext context, Span<int> order) =>
        context.Options.HashPlacement == HashPlacement.KamailioCompatible
            ? SelectKamailioCompatible(set, KamailioHash.Of(key1, key2), order)
            : RendezvousHash.Select(set, StableKey(key1, key2), order);

    /// <summary>Algorithms 1, 2 and 3: hashes the URI's Kamailio keys; 0 destinations when the URI does not parse, as Kamailio fails.</summary>
    public static int SelectByUri(DestinationSet set, ReadOnlySpan<byte> uri, SelectionContext context, Span<int> order) =>
        KamailioHash.TryGetUriKeys(uri, context.Options.HashUserOnly, out var user, out var hostPort)
            ? Select(set, user, hostPort, context, order)
            : 0;

    /// <summary>
    /// The stable hash of a one- or two-part key. A one-part key hashes as itself, so a user-only
    /// URI key and the same user's auth username meet on the same destination.
    /// </summary>
    public static ulong StableKey(ReadOnlySpan<byte> key1, ReadOnlySpan<byte> key2) =>
        key2.IsEmpty
            ? StableHash.Of(key1)
            : StableHash.Mix(StableHash.Of(key1) ^ BitOperations.RotateLeft(StableHash.Of(key2), 32));

    /// <summary>
    /// Kamailio's placement (<c>ds_manage_routes</c>): hash % count, then the next active index,
    /// which hands a dead destination's whole share to its neighbour (kamailio#2361).
    /// </summary>
    public static int SelectKamailioCompatible(DestinationSet set, uint hash, Span<int> order)
    {
        if (set.Count == 0)
        {
            return 0;
        }

        var chosen = FailoverOrder.NextSelectable(set, (int)(hash % (uint)set.Count));
        return chosen < 0 ? 0 : FailoverOrder.Fill(set, chosen, order);
    }
}
