using System.Collections.Immutable;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Dispatching.Policies;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Algorithm 10 over a <see cref="CallLoadTracker"/>: select and count as one step. The caller
/// serialises calls (the call-load grain is one actor; the edge's fallback takes a lock), which
/// is what keeps every destination at or below its <c>maxload</c>.
/// </summary>
internal static class CallLoadChooser
{
    private static readonly CallLoadPolicy Policy = new();
    private static readonly SelectionContext Unused = new();

    public static CallLoadSelection Select(CallLoadTracker calls, DestinationSet? set, string callId, int limit)
    {
        if (set is null || limit <= 0 || set.Count == 0)
        {
            return CallLoadSelection.None(set?.SetId ?? 0);
        }

        Span<int> loads = set.Count <= 256 ? stackalloc int[set.Count] : new int[set.Count];
        Span<int> order = stackalloc int[Math.Min(limit, Math.Min(set.Count, 256))];
        calls.FillLoads(set, loads);
        var n = Policy.Select(set, new SelectionRequest { IsInvite = true, CallLoads = loads }, Unused, order);
        if (n == 0)
        {
            return CallLoadSelection.None(set.SetId);
        }

        // A Call-ID already counted (a spiral or a retried INVITE) keeps its one count.
        calls.Start(callId, set.SetId, set[order[0]].Key);
        var chosen = ImmutableArray.CreateBuilder<Destination>(n);
        foreach (var i in order[..n])
        {
            chosen.Add(set[i]);
        }

        return new CallLoadSelection(set.SetId, chosen.MoveToImmutable());
    }

    /// <summary>Whether failover may move a call to <paramref name="destinationKey"/>: not when algorithm 10's <c>maxload</c> is reached there.</summary>
    public static bool HasRoom(CallLoadTracker calls, DestinationSet? set, CallMoved moved) =>
        !moved.RespectMaxLoad
        || set is null
        || set.IndexOf(moved.DestinationKey) is not (var i and >= 0)
        || set[i].Attributes.MaxLoad == 0
        || calls.GetLoad(set.SetId, set[i].Key) < set[i].Attributes.MaxLoad;
}
