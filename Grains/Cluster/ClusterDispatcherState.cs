using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// The dispatcher state of an edge in a cluster: the snapshots the grain directory pushes (through
/// this node's <see cref="SnapshotHub"/>), and algorithm 10 and call reports answered by the
/// call-load grain. When the grain tier does not answer within <see cref="ClusterOptions.GrainTimeout"/>,
/// the edge selects and counts alone from its last snapshot, and asks the grain every
/// <see cref="RetryAfter"/>, in the background, whether it is back.
/// </summary>
/// <remarks>
/// Meanwhile the edge keeps what the grain will need: the calls it counted alone (and calls the
/// grain counts that failover moved), the grain's calls answered meanwhile, and every call that
/// ended. The grain takes them in one <see cref="ReconcileCalls"/> (the edge's word wins, since it
/// saw the calls), and only when nothing is left does the edge go back to the grain, so no
/// report is lost between the two. Calls whose selection timed out may still have been counted
/// by the grain: the hand-over moves them where the edge put them, and their ends reach it.
/// Left undone: during an outage each edge counts only the calls it sets up meanwhile, from zero,
/// so the cluster may pass a <c>maxload</c> by what every edge adds; health reports are not kept
/// while the grains are unreachable.
/// </remarks>
internal sealed class ClusterDispatcherState : IDispatcherState
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private const int StartAttempts = 5;

    /// <summary>Calls of each kind per hand-over message: after a long outage they go in several, each well inside a remote frame.</summary>
    internal const int ReconcileBatch = 1000;

    private readonly ActorSystem _system;
    private readonly GrainClient _grains;
    private readonly IActorRef _callLoad;
    private readonly CallReportQueue _reports = new();
    private readonly TimeProvider _time;
    private readonly IClusterStateObserver? _observer;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, SetSnapshot> _sets = [];

    // Under _lock, and used only while degraded: what the grain must take over.
    private readonly CallLoadTracker _local;
    private readonly Dictionary<string, ReplicatedCall> _alone = new(StringComparer.Ordinal);
    private readonly HashSet<string> _confirmed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private DispatcherSnapshot _snapshot;
    private bool _degraded;

    private ClusterDispatcherState(ActorSystem system, GrainClient grains, TimeSpan reportDelay, DispatcherSnapshot initial, CallLoadOptions callLoad, TimeProvider time, IClusterStateObserver? observer)
    {
        _system = system;
        _grains = grains;
        _callLoad = system.ActorOf(CallLoadBatcher.Props(grains, _reports, Degrade, () => IsDegraded, reportDelay));
        _snapshot = initial;
        _time = time;
        _observer = observer;
        _local = new CallLoadTracker(callLoad, time);
    }

    public DispatcherSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True while the edge counts alone because the grain tier did not answer.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded);

    /// <summary>
    /// Listens to this node's <see cref="SnapshotHub"/>, then fetches every set from its grain.
    /// Until the grains answer, <paramref name="initial"/> (the edge's own list) is served.
    /// </summary>
    public static async Task<ClusterDispatcherState> StartAsync(
        ActorSystem system,
        ClusterOptions cluster,
        CallLoadOptions callLoad,
        DispatcherSnapshot initial,
        TimeProvider time,
        CancellationToken cancellationToken = default,
        IClusterStateObserver? observer = null)
    {
        var state = new ClusterDispatcherState(system, GrainClient.Create(system, cluster.GrainTimeout), cluster.ReportDelay, initial, callLoad, time, observer);
        var hub = await system.ActorSelection($"/user/{GrainKeys.SnapshotHub}").ResolveOne(cluster.GrainTimeout, cancellationToken).ConfigureAwait(false);
        await hub.Ask<Akka.Done>(new ListenToSnapshots(state.Apply), cluster.GrainTimeout, cancellationToken).ConfigureAwait(false);
        // While the node joins, the singleton may not be up yet: a timeout then is not an outage, so
        // ask again a few times before counting alone (readiness must not depend on who started first).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await state.RefreshAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (AskTimeoutException) when (attempt < StartAttempts)
            {
            }
            catch (AskTimeoutException)
            {
                // Start anyway from the edge's own list; the directory pushes the sets when it sees this node.
                state.Degrade([]);
                break;
            }
        }

        return state;
    }

    /// <summary>Fetches every set from its grain (at start, and after an outage).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var ids = await _grains.GetSetIdsAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = await Task.WhenAll(ids.Ids.Select(id =>
            _grains.AskAsync<SetSnapshot>(GrainType.DestinationSet, id.ToString(CultureInfo.InvariantCulture), GetSetSnapshot.Instance, cancellationToken))).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            Apply(snapshot);
        }
    }

    public async ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (!IsDegraded)
            {
                try
                {
                    return await AskAsync<CallLoadSelection>(new SelectByCallLoad(setId, callId, limit), cancellationToken).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    Degrade([]);
                }
            }

            lock (_lock)
            {
                // Reconciled in between: back to the grain.
                if (_degraded)
                {
                    return SelectAlone(setId, callId, limit);
                }
            }
        }
    }

    public async ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (!IsDegraded)
            {
                try
                {
                    var ack = await AskAsync<CallReportAck>(report, cancellationToken).ConfigureAwait(false);
                    return ack.Accepted;
                }
                catch (AskTimeoutException)
                {
                    Degrade([]);
                }
            }

            lock (_lock)
            {
                if (_degraded)
                {
                    return ReportAlone(report);
                }
            }
        }
    }

    /// <summary>Through the batcher's mailbox, in order with the queued reports.</summary>
    private Task<T> AskAsync<T>(object request, CancellationToken cancellationToken)
    {
        // Numbered only when it will be sent: reports queued after a number wait for its request.
        cancellationToken.ThrowIfCancellationRequested();
        return _callLoad.Ask<T>(new CallLoadBatcher.Asked(request, _reports.BeginAsk()), _grains.Timeout, cancellationToken);
    }

    /// <summary>Queued for the next batch, with no ask and no thread woken; while degraded, counted alone.</summary>
    public void ReportCall(CallReport report)
    {
        if (IsDegraded)
        {
            lock (_lock)
            {
                if (_degraded)
                {
                    ReportAlone(report);
                    return;
                }
            }
        }

        // Degraded meanwhile: the batch holding it reaches the grain, or comes back to be counted alone.
        _reports.Enqueue(report);
    }

    public ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default)
    {
        _grains.Tell(GrainType.Destination, report.DestinationKey, report);
        return ValueTask.CompletedTask;
    }

    /// <summary>Takes a set pushed or fetched, when it is newer than the one held.</summary>
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

        _observer?.SetApplied(snapshot.Set.SetId, snapshot.Version, snapshot.Epoch);
    }

    private CallLoadSelection SelectAlone(int setId, string callId, int limit)
    {
        Snapshot.TryGetSet(setId, out var set);
        var selection = CallLoadChooser.Select(_local, set, callId, limit);
        if (!selection.IsEmpty)
        {
            _alone[callId] = new ReplicatedCall(setId, selection.Destinations[0].Key, Confirmed: false);
        }

        return selection;
    }

    private bool ReportAlone(CallReport report)
    {
        switch (report)
        {
            case CallStarted started when _local.Start(started.CallId, started.SetId, started.DestinationKey):
                _alone[started.CallId] = new ReplicatedCall(started.SetId, started.DestinationKey, Confirmed: false);
                return true;
            case CallStarted:
                return false;
            case CallMoved moved:
                Snapshot.TryGetSet(moved.SetId, out var set);
                if (!CallLoadChooser.HasRoom(_local, set, moved))
                {
                    return false;
                }

                // A call the grain counts is taken on here: the hand-over tells the grain where it went.
                if (!_local.Move(moved.CallId, moved.DestinationKey))
                {
                    _local.Start(moved.CallId, moved.SetId, moved.DestinationKey);
                }

                _alone[moved.CallId] = new ReplicatedCall(moved.SetId, moved.DestinationKey, Confirmed: false);
                return true;
            case CallConfirmed confirmed when _alone.TryGetValue(confirmed.CallId, out var call):
                _alone[confirmed.CallId] = call with { Confirmed = true };
                return _local.Confirm(confirmed.CallId);
            case CallConfirmed confirmed:
                _confirmed.Add(confirmed.CallId);
                return true;
            case CallActivity activity:
                _local.Touch(activity.CallId);
                return true;
            case CallEnded ended:
                _alone.Remove(ended.CallId);
                _confirmed.Remove(ended.CallId);
                _ended.Add(ended.CallId);
                _local.End(ended.CallId);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Counts alone from now on (the grain tier did not answer), starting with
    /// <paramref name="reports"/>: those of a batch the grain did not answer, as for an ask that
    /// timed out. In the same lock, so a hand-over finishing meanwhile cannot leave them behind.
    /// </summary>
    private void Degrade(IReadOnlyList<CallReport> reports)
    {
        bool degrading;
        lock (_lock)
        {
            degrading = !_degraded;
            Volatile.Write(ref _degraded, true);
            foreach (var report in reports)
            {
                ReportAlone(report);
            }
        }

        if (degrading)
        {
            _observer?.CountingAlone();
            _ = Task.Run(ReconcileAsync);
        }
    }

    /// <summary>Until the grain has taken over everything the edge did alone, with nothing new left behind.</summary>
    private async Task ReconcileAsync()
    {
        var handedOver = 0;
        var ended = 0;
        var wait = true;
        while (!_system.WhenTerminated.IsCompleted)
        {
            if (wait)
            {
                await Task.Delay(RetryAfter, _time).ConfigureAwait(false);
            }

            ReconcileCalls batch;
            lock (_lock)
            {
                batch = new ReconcileCalls([.. _alone.Take(ReconcileBatch)], [.. _confirmed.Take(ReconcileBatch)], [.. _ended.Take(ReconcileBatch)]);
            }

            try
            {
                await _grains.AskAsync<CallReportAck>(GrainType.CallLoad, GrainKeys.Calls, batch).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                wait = true;
                continue;
            }

            handedOver += batch.Up.Length;
            ended += batch.Ended.Length;
            lock (_lock)
            {
                foreach (var (callId, call) in batch.Up)
                {
                    // Changed meanwhile (answered, moved): it goes again in the next batch.
                    if (_alone.TryGetValue(callId, out var now) && now == call)
                    {
                        _alone.Remove(callId);
                        _local.End(callId);
                    }
                }

                _confirmed.ExceptWith(batch.Confirmed);
                _ended.ExceptWith(batch.Ended);
                if (_alone.Count == 0 && _confirmed.Count == 0 && _ended.Count == 0)
                {
                    Volatile.Write(ref _degraded, false);
                    break;
                }
            }

            wait = false;
        }

        if (IsDegraded)
        {
            return;
        }

        _observer?.Reconciled(handedOver, ended);

        // Pushes sent while the edge was cut off may have been lost with the connection.
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // The next push brings the sets; nothing to do now.
        }
    }
}
