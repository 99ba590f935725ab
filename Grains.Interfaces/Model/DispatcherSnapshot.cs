using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>Every destination set at one version. Immutable: each change makes a new snapshot with a higher version.</summary>
public sealed class DispatcherSnapshot
{
    public static readonly DispatcherSnapshot Empty = new(0, []);

    private readonly FrozenDictionary<int, DestinationSet> _byId;

    public DispatcherSnapshot(long version, IEnumerable<DestinationSet> sets)
    {
        Version = version;
        Sets = sets.OrderBy(s => s.SetId).ToImmutableArray();
        _byId = Sets.ToFrozenDictionary(s => s.SetId);
        if (_byId.Count != Sets.Length)
        {
            throw new ArgumentException("a set id appears twice", nameof(sets));
        }
    }

    public long Version { get; }

    /// <summary>The sets in ascending id order, as <c>kamcmd dispatcher.list</c> shows them.</summary>
    public ImmutableArray<DestinationSet> Sets { get; }

    public bool TryGetSet(int setId, out DestinationSet set) => _byId.TryGetValue(setId, out set!);

    /// <summary>A new snapshot, one version on, with one set replaced or added.</summary>
    public DispatcherSnapshot With(DestinationSet set) =>
        new(Version + 1, Sets.Where(s => s.SetId != set.SetId).Append(set));
}
