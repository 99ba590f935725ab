using System.Diagnostics.CodeAnalysis;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// The tags of one series, sorted by name, as a dictionary key. Up to <see cref="TagSlots.Capacity"/>
/// tags live inside the struct, so a measurement finds its series without allocating; more tags
/// (rare) go to an array.
/// </summary>
internal struct TagKey : IEquatable<TagKey>
{
    private TagSlots _slots;
    private KeyValuePair<string, object?>[]? _many;
    private int _count;
    private int _hash;

    /// <summary>The tags in name order.</summary>
    [UnscopedRef]
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _many ?? ((ReadOnlySpan<KeyValuePair<string, object?>>)_slots)[.._count];

    public static TagKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = default(TagKey);
        key._count = tags.Length;
        scoped Span<KeyValuePair<string, object?>> sorted;
        if (tags.Length <= TagSlots.Capacity)
        {
            sorted = ((Span<KeyValuePair<string, object?>>)key._slots)[..tags.Length];
        }
        else
        {
            key._many = new KeyValuePair<string, object?>[tags.Length];
            sorted = key._many;
        }

        tags.CopyTo(sorted);

        // Insertion sort: call sites pass two or three tags, usually in order already.
        for (var i = 1; i < sorted.Length; i++)
        {
            var current = sorted[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(sorted[j].Key, current.Key) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = current;
        }

        var hash = default(HashCode);
        foreach (var tag in sorted)
        {
            hash.Add(tag.Key);
            hash.Add(tag.Value);
        }

        key._hash = hash.ToHashCode();
        return key;
    }

    public readonly bool Equals(TagKey other)
    {
        if (_hash != other._hash || _count != other._count)
        {
            return false;
        }

        var mine = ReadTags(in this);
        var theirs = ReadTags(in other);
        for (var i = 0; i < mine.Length; i++)
        {
            if (!string.Equals(mine[i].Key, theirs[i].Key, StringComparison.Ordinal) || !Equals(mine[i].Value, theirs[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public override readonly bool Equals(object? obj) => obj is TagKey other && Equals(other);

    public override readonly int GetHashCode() => _hash;

    private static ReadOnlySpan<KeyValuePair<string, object?>> ReadTags(ref readonly TagKey key) =>
        key._many ?? ((ReadOnlySpan<KeyValuePair<string, object?>>)key._slots)[..key._count];
}
