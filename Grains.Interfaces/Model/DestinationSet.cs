using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// An immutable destination set in Kamailio's order: highest priority first and, among equal
/// priorities, the later line of the list first (Kamailio inserts into an ascending list and
/// copies it backwards). Index positions are what the selection algorithms return.
/// </summary>
public sealed class DestinationSet
{
    private DestinationSet(int setId, ImmutableArray<Destination> destinations)
    {
        SetId = setId;
        Destinations = destinations;
        Seeds = new ulong[destinations.Length];
        for (var i = 0; i < destinations.Length; i++)
        {
            Seeds[i] = StableHash.Of(destinations[i].Key);
        }

        AllSamePositivePriority = destinations.Length > 0
            && destinations[0].Priority > 0
            && destinations.All(d => d.Priority == destinations[0].Priority);
    }

    public int SetId { get; }

    /// <summary>The destinations in selection order (see the type's remarks).</summary>
    public ImmutableArray<Destination> Destinations { get; }

    public int Count => Destinations.Length;

    /// <summary>A stable 64-bit identity per destination (from <see cref="Destination.Key"/>), the same on every node, for rendezvous hashing.</summary>
    internal ulong[] Seeds { get; }

    /// <summary>Kamailio's <c>rrserial</c> flag for algorithm 14: every destination has the same priority above 0.</summary>
    public bool AllSamePositivePriority { get; }

    public Destination this[int index] => Destinations[index];

    /// <summary>Builds a set from destinations in the order they were written (file or database order).</summary>
    public static DestinationSet Create(int setId, IEnumerable<Destination> inWrittenOrder)
    {
        // Stable ascending sort by priority, then reversed: Kamailio's add_dest2list + reindex.
        var ascending = inWrittenOrder.OrderBy(d => d.Priority).ToArray();
        Array.Reverse(ascending);
        return new DestinationSet(setId, ImmutableArray.Create(ascending));
    }

    /// <summary>The destinations in the order a list file would carry them (inverse of <see cref="Create"/>).</summary>
    public IEnumerable<Destination> InWrittenOrder()
    {
        for (var i = Destinations.Length - 1; i >= 0; i--)
        {
            yield return Destinations[i];
        }
    }

    /// <summary>The index of the destination with this key (duid or URI), or -1.</summary>
    public int IndexOf(string key)
    {
        for (var i = 0; i < Destinations.Length; i++)
        {
            if (string.Equals(Destinations[i].Key, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Destinations[i].Uri, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A new set with one destination replaced; the order is kept when the priority is unchanged.</summary>
    public DestinationSet With(int index, Destination destination) =>
        destination.Priority == Destinations[index].Priority
            ? new DestinationSet(SetId, Destinations.SetItem(index, destination))
            : Create(SetId, InWrittenOrder().Select(d => ReferenceEquals(d, Destinations[index]) ? destination : d));
}
