using Akka.Actor;
using Akka.DistributedData;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// The replicated active calls of <see cref="CallLoadGrain"/>: LWW maps by Call-ID, split over
/// <see cref="Shards"/> top-level Akka.DistributedData keys by a hash that is the same on every
/// silo. The replicator merges the whole value of a key on every update, so one map of every call
/// made each write cost as much as the calls up (measured: 10,000 calls left up took 8 s to
/// select, 30,000 took 50 s); a write now merges only the shards its changes fall in.
/// </summary>
internal static class CallReplica
{
    public const int Shards = 16;

    public static readonly IReadOnlyList<LWWDictionaryKey<string, ReplicatedCall>> Keys =
        [.. Enumerable.Range(0, Shards).Select(i => new LWWDictionaryKey<string, ReplicatedCall>($"orleanslb-calls-{i}"))];

    public static int ShardOf(string callId) => (int)(StableHash.Of(callId) % Shards);

    /// <summary>Every call in <paramref name="replicator"/>'s local copy (one ask per shard); for views and tests, not the grain.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, ReplicatedCall>>> ReadLocalAsync(ICanTell replicator, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(Keys.Select(key => replicator.Ask(Dsl.Get(key, ReadLocal.Instance), timeout, cancellationToken))).ConfigureAwait(false);
        return [.. answers.Zip(Keys).SelectMany(a => a.First is GetSuccess success ? success.Get(a.Second) : LWWDictionary<string, ReplicatedCall>.Empty)];
    }
}
