using System.Collections.Concurrent;
using Akka.Actor;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// The dispatcher state of an edge in a cluster: the snapshot pushed by the set grains, and
/// algorithm 10 and call reports answered by the call-load grain. When the grain tier does not
/// answer within <see cref="ClusterOptions.GrainTimeout"/>, the edge selects and counts on its
/// own from its last snapshot for <see cref="RetryAfter"/> before it asks the grains again.
/// </summary>
/// <remarks>
/// Reconcile: the first answer from the grain tier after an outage hands every call the edge
/// counted alone to the call-load grain (<see cref="CallStarted"/>, then <see cref="CallConfirmed"/>
/// if it was answered) and forgets it locally, so later reports from any edge find it. Left
/// undone: during an outage each edge counts only its own calls, so the cluster may pass a
/// <c>maxload</c> by up to one edge's share; the handed-over calls are counted even where that
/// overshoots; health reports are not kept while the grains are unreachable.
/// </remarks>
internal sealed class ClusterDispatcherState : IDispatcherState
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly GrainClient _grains;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, SetSnapshot> _sets = [];
    private readonly CallLoadTracker _local;
    private readonly ConcurrentDictionary<string, ReplicatedCall> _localCalls = new(StringComparer.Ordinal);
    private DispatcherSnapshot _snapshot;
    private long _retryAt;

    private ClusterDispatcherState(GrainClient grains, DispatcherSnapshot initial, CallLoadOptions callLoad, TimeProvider time)
    {
        _grains = grains;
        _snapshot = initial;
        _time = time;
        _local = new CallLoadTracker(callLoad, time);
    }

    public DispatcherSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True while the edge counts alone because the grain tier did not answer.</summary>
    public bool IsDegraded => Volatile.Read(ref _retryAt) != 0;

    /// <summary>
    /// Subscribes to the snapshot topic, then fetches every set from its grain. Until the grains
    /// answer, <paramref name="initial"/> (the edge's own list) is served.
    /// </summary>
    public static async Task<ClusterDispatcherState> StartAsync(
        ActorSystem system, ClusterOptions cluster, CallLoadOptions callLoad, DispatcherSnapshot initial, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var state = new ClusterDispatcherState(GrainClient.Create(system, cluster.GrainTimeout), initial, callLoad, time);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new SnapshotSubscriber(state.Apply, subscribed)));
        await subscribed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // Start anyway from the edge's own list; the first answer from the grains refreshes it.
            state.Unreachable();
        }

        return state;
    }

    /// <summary>Fetches every set from its grain (at start, and after an outage).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var ids = await _grains.GetSetIdsAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = await Task.WhenAll(ids.Ids.Select(id =>
            _grains.AskAsync<SetSnapshot>(GrainType.DestinationSet, id.ToString(System.Globalization.CultureInfo.InvariantCulture), GetSetSnapshot.Instance, cancellationToken))).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            Apply(snapshot);
        }
    }

    public async ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default)
    {
        if (ShouldAskGrains())
        {
            try
            {
                var selection = await _grains.AskAsync<CallLoadSelection>(GrainType.CallLoad, GrainKeys.Calls, new SelectByCallLoad(setId, callId, limit), cancellationToken).ConfigureAwait(false);
                Reachable();
                return selection;
            }
            catch (AskTimeoutException)
            {
                Unreachable();
            }
        }

        lock (_lock)
        {
            Snapshot.TryGetSet(setId, out var set);
            var selection = CallLoadChooser.Select(_local, set, callId, limit);
            if (!selection.IsEmpty)
            {
                _localCalls.TryAdd(callId, new ReplicatedCall(setId, selection.Destinations[0].Key, Confirmed: false));
            }

            return selection;
        }
    }

    public async ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default)
    {
        if (!_localCalls.ContainsKey(report.CallId) && ShouldAskGrains())
        {
            try
            {
                var ack = await _grains.AskAsync<CallReportAck>(GrainType.CallLoad, GrainKeys.Calls, report, cancellationToken).ConfigureAwait(false);
                Reachable();
                return ack.Accepted;
            }
            catch (AskTimeoutException)
            {
                Unreachable();
            }
        }

        return ReportLocally(report);
    }

    public ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default)
    {
        _grains.Tell(GrainType.Destination, report.DestinationKey, report);
        return ValueTask.CompletedTask;
    }

    /// <summary>Takes a set pushed on the topic or fetched, when it is newer than the one held.</summary>
    internal void Apply(SetSnapshot snapshot)
    {
        lock (_lock)
        {
            if (!snapshot.Supersedes(_sets.GetValueOrDefault(snapshot.Set.SetId)))
            {
                return;
            }

            _sets[snapshot.Set.SetId] = snapshot;
            Volatile.Write(ref _snapshot, Snapshot.With(snapshot.Set));
        }
    }

    private bool ReportLocally(CallReport report)
    {
        lock (_lock)
        {
            switch (report)
            {
                case CallStarted started when _local.Start(started.CallId, started.SetId, started.DestinationKey):
                    _localCalls[started.CallId] = new ReplicatedCall(started.SetId, started.DestinationKey, Confirmed: false);
                    return true;
                case CallMoved moved when _localCalls.TryGetValue(moved.CallId, out var call):
                    Snapshot.TryGetSet(call.SetId, out var set);
                    if (!CallLoadChooser.HasRoom(_local, set, moved) || !_local.Move(moved.CallId, moved.DestinationKey))
                    {
                        return false;
                    }

                    _localCalls[moved.CallId] = call with { DestinationKey = moved.DestinationKey, Confirmed = false };
                    return true;
                case CallConfirmed confirmed when _localCalls.TryGetValue(confirmed.CallId, out var call):
                    _localCalls[confirmed.CallId] = call with { Confirmed = true };
                    return _local.Confirm(confirmed.CallId);
                case CallActivity activity:
                    return _local.Touch(activity.CallId);
                case CallEnded ended:
                    _localCalls.TryRemove(ended.CallId, out _);
                    return _local.End(ended.CallId);
                default:
                    return false;
            }
        }
    }

    private bool ShouldAskGrains()
    {
        var retryAt = Volatile.Read(ref _retryAt);
        return retryAt == 0 || _time.GetTimestamp() >= retryAt;
    }

    private void Unreachable() =>
        Volatile.Write(ref _retryAt, _time.GetTimestamp() + (long)(RetryAfter.TotalSeconds * _time.TimestampFrequency));

    private void Reachable()
    {
        if (Interlocked.Exchange(ref _retryAt, 0) == 0)
        {
            return;
        }

        foreach (var (callId, call) in _localCalls)
        {
            _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallStarted(callId, call.SetId, call.DestinationKey));
            if (call.Confirmed)
            {
                _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallConfirmed(callId));
            }

            lock (_lock)
            {
                _localCalls.TryRemove(callId, out _);
                _local.End(callId);
            }
        }

        // Set changes published while the edge was cut off were lost with the messages.
        _ = RefreshAsync().ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }
}
