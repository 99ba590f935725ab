using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>
/// What an edge did with calls while the call-load grain did not answer, handed to the grain when
/// it answers again (the answer is a <see cref="CallReportAck"/>; an empty one is how an edge asks
/// whether the grain is back). Applied in this order: <paramref name="Ended"/> stop counting (and a
/// Call-ID the grain does not know is remembered a while, so another edge's hand-over of the same
/// call does not bring it back), <paramref name="Confirmed"/> are confirmed, and
/// <paramref name="Up"/> are counted where the edge says they are, whatever the grain thought.
/// </summary>
/// <param name="Up">Calls the edge counted alone and that are still up, by Call-ID.</param>
/// <param name="Confirmed">Calls the grain counts that were answered meanwhile.</param>
/// <param name="Ended">Every call that ended meanwhile on this edge.</param>
internal sealed record ReconcileCalls(
    ImmutableArray<KeyValuePair<string, ReplicatedCall>> Up,
    ImmutableArray<string> Confirmed,
    ImmutableArray<string> Ended)
{
    public static readonly ReconcileCalls Empty = new([], [], []);

    public bool IsEmpty => Up.IsEmpty && Confirmed.IsEmpty && Ended.IsEmpty;
}
