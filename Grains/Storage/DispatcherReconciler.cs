using System.Collections.Immutable;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// Applies a newly read list (from <c>dispatcher.list</c> or the store) to the running
/// snapshot by destination identity: set id plus <see cref="Destination.Key"/> (duid, else URI,
/// any case). Kamailio's reload builds a fresh list and so resets every health state, latency
/// statistic and call count; here a destination that stays keeps them.
/// </summary>
/// <remarks>
/// For a destination that stays, the new list gives the URI, priority, attributes, description
/// and configuration bits (no DNS, no ping); the running snapshot gives the bits probing moves
/// (<see cref="RuntimeStateBits"/>) and the latency; Disabled, which only operators set, comes
/// from the new list after administrative states are laid over it. Duplicate keys in one set
/// pair up in written order. Call counts live outside the snapshot, keyed by the same identity,
/// so they stay by themselves; <see cref="SetDiff.Removed"/> names the keys whose counts may go.
/// </remarks>
internal static class DispatcherReconciler
{
    /// <summary>The state bits probing moves; a destination that stays keeps them through a reload.</summary>
    public const DestinationFlags RuntimeStateBits = DestinationFlags.Inactive | DestinationFlags.Trying | DestinationFlags.Probing;

    public static DispatcherReconciliation Reconcile(
        DispatcherSnapshot current,
        DispatcherSnapshot incoming,
        IReadOnlyCollection<AdminState> adminStates)
    {
        var (sets, diff) = Merge(current, ApplyAdminStates(incoming, adminStates), Keep);
        return new DispatcherReconciliation(new DispatcherSnapshot(current.Version + 1, sets), diff);
    }

    /// <summary>The difference between two configurations (no runtime state), as the store reports a replaced list.</summary>
    public static DispatcherDiff Compare(DispatcherSnapshot before, DispatcherSnapshot after) =>
        Merge(before, after, static (_, next) => next).Diff;

    /// <summary>Lays administrative states over the configured flags: each replaces the state bits of the destinations with its identity.</summary>
    public static DispatcherSnapshot ApplyAdminStates(DispatcherSnapshot snapshot, IReadOnlyCollection<AdminState> adminStates)
    {
        if (adminStates.Count == 0)
        {
            return snapshot;
        }

        var states = new Dictionary<(int SetId, string Key), DestinationFlags>(IdentityComparer.Instance);
        foreach (var state in adminStates)
        {
            states[(state.SetId, state.DestinationKey)] = state.State;
        }

        var sets = snapshot.Sets.Select(set => set.Destinations.Any(d => states.ContainsKey((set.SetId, d.Key)))
            ? DestinationSet.Create(set.SetId, set.InWrittenOrder().Select(d => states.TryGetValue((set.SetId, d.Key), out var state)
                ? d with { Flags = (d.Flags & ~DestinationFlagsExtensions.StateMask) | (state & DestinationFlagsExtensions.StateMask) }
                : d))
            : set);
        return new DispatcherSnapshot(snapshot.Version, sets);
    }

    private static Destination Keep(Destination running, Destination configured) =>
        configured with
        {
            Flags = (configured.Flags & ~RuntimeStateBits) | (running.Flags & RuntimeStateBits),
            Latency = running.Latency,
        };

    private static (List<DestinationSet> Sets, DispatcherDiff Diff) Merge(
        DispatcherSnapshot before,
        DispatcherSnapshot after,
        Func<Destination, Destination, Destination> stay)
    {
        var sets = new List<DestinationSet>(after.Sets.Length);
        var diffs = ImmutableArray.CreateBuilder<SetDiff>();
        foreach (var setId in before.Sets.Select(s => s.SetId).Union(after.Sets.Select(s => s.SetId)).Order())
        {
            var old = before.TryGetSet(setId, out var o) ? o.InWrittenOrder().ToList() : [];
            var pool = old.GroupBy(d => d.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => new Queue<Destination>(g), StringComparer.OrdinalIgnoreCase);
            var kept = new HashSet<Destination>(ReferenceEqualityComparer.Instance);
            var added = ImmutableArray.CreateBuilder<string>();
            var changed = ImmutableArray.CreateBuilder<string>();
            var unchanged = 0;
            var result = new List<Destination>();
            var present = after.TryGetSet(setId, out var n);
            foreach (var destination in present ? n.InWrittenOrder() : [])
            {
                if (pool.TryGetValue(destination.Key, out var same) && same.TryDequeue(out var previous))
                {
                    kept.Add(previous);
                    var merged = stay(previous, destination);
                    if (merged.Equals(previous))
                    {
                        unchanged++;
                    }
                    else
                    {
                        changed.Add(merged.Key);
                    }

                    result.Add(merged);
                }
                else
                {
                    added.Add(destination.Key);
                    result.Add(destination);
                }
            }

            if (present)
            {
                sets.Add(DestinationSet.Create(setId, result));
            }

            var removed = old.Where(d => !kept.Contains(d)).Select(d => d.Key).ToImmutableArray();
            diffs.Add(new SetDiff(setId, added.ToImmutable(), removed, changed.ToImmutable(), unchanged));
        }

        return (sets, new DispatcherDiff(diffs.ToImmutable()));
    }

    private sealed class IdentityComparer : IEqualityComparer<(int SetId, string Key)>
    {
        public static readonly IdentityComparer Instance = new();

        public bool Equals((int SetId, string Key) x, (int SetId, string Key) y) =>
            x.SetId == y.SetId && string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((int SetId, string Key) obj) =>
            HashCode.Combine(obj.SetId, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key));
    }
}
