using System.Diagnostics;
using Akka.Actor;
using Akka.DistributedData;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// The active calls of the cluster for algorithm 10. One actor, so selecting and counting are
/// one step whatever the number of edges. Every change is replicated to the silos through
/// Akka.DistributedData (<see cref="CallReplica"/>, written with write-majority); an activation on
/// another silo first reads every shard of it (read-majority) and counts those calls again, holding
/// other messages until it has. Edges that counted calls alone while it did not answer hand them over
/// with <see cref="ReconcileCalls"/>.
/// </summary>
/// <remarks>
/// Writes are clocked by their acknowledgements: one write (an update of each shard it changes) is
/// in flight at a time, and the changes made meanwhile go in the next one. When calls are few
/// every change leaves at once; under load the batches grow instead of the number of writes. An
/// answer to a message that changed something leaves only once the write holding the change has
/// reached a majority (or timed out), so an edge never hears "counted" or "ended" of a change a
/// silo that takes over could miss: if this silo dies first, the edge's ask times out and the edge
/// hands the change over itself (<see cref="ReconcileCalls"/>).
/// <para>
/// Expiry is the grain's: it keeps each call's deadline beside the tracker and ends the calls
/// whose deadline has passed, so the replicated map loses them too. Deadlines are not
/// replicated; a rebuilt call starts a fresh one.
/// </para>
/// </remarks>
internal sealed class CallLoadGrain : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private static readonly TimeSpan ReplicaTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a Call-ID that an edge saw end, unknown here, refuses a hand-over from another edge.</summary>
    private static readonly TimeSpan TombstoneLifetime = TimeSpan.FromMinutes(1);

    private readonly CallLoadTracker _calls;
    private readonly Dictionary<int, DestinationSet> _sets;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplicatedCall?>[] _pending = [.. CallReplica.Keys.Select(_ => new Dictionary<string, ReplicatedCall?>(StringComparer.Ordinal))];
    private readonly Dictionary<string, long> _tombstones = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _unconfirmedTicks;
    private readonly long _confirmedTicks;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.UniqueAddress _self;
    private readonly TimeSpan _sweepInterval;
    private readonly GrainTierView _view;
    private List<(IActorRef To, object Answer)> _answersAfterNextWrite = [];
    private List<(IActorRef To, object Answer)> _answersAfterWrite = [];
    private int _updatesOut;
    private int _shardsToRead = CallReplica.Shards;
    private bool _flushQueued;
    private bool _changed;

    public CallLoadGrain(CallLoadOptions options, IReadOnlyDictionary<int, DestinationSet> sets, TimeProvider time)
    {
        _calls = new CallLoadTracker(options, time);
        _sets = sets.ToDictionary();
        _time = time;
        _unconfirmedTicks = Ticks(options.UnconfirmedTimeout);
        _confirmedTicks = Ticks(options.ConfirmedTimeout);
        _replicator = DistributedData.Get(Context.System).Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        _sweepInterval = options.SweepInterval;
        _view = GrainTierView.Get(Context.System);
        Recovering();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    // Akka sets Stash and Timers after the constructor, so they are first used here.
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, _sweepInterval);
        _view.CallLoadStarted(_calls);
        foreach (var key in CallReplica.Keys)
        {
            _replicator.Tell(Dsl.Get(key, new ReadMajority(ReplicaTimeout)));
        }
    }

    protected override void PostStop() => _view.CallLoadStopped(_calls);

    protected override bool AroundReceive(Receive receive, object message)
    {
        _changed = false;
        return base.AroundReceive(receive, message);
    }

    private void Recovering()
    {
        Receive<GetSuccess>(success =>
        {
            foreach (var (callId, call) in (LWWDictionary<string, ReplicatedCall>)success.Data)
            {
                Count(callId, call, replicate: false);
            }

            ShardRead();
        });
        Receive<NotFound>(_ => ShardRead());

        // A majority is out of reach: take what this silo holds rather than stop answering.
        Receive<GetFailure>(failure => _replicator.Tell(new Get(failure.Key, ReadLocal.Instance)));
        ReceiveAny(_ => Stash.Stash());
    }

    private void ShardRead()
    {
        if (--_shardsToRead > 0)
        {
            return;
        }

        Become(Active);
        Stash.UnstashAll();
    }

    private void Active()
    {
        Receive<SelectByCallLoad>(select => Answer(Select(select)));
        Receive<CallReport>(report => Answer(CallReportAck.Of(OnReport(report))));
        Receive<ReconcileCalls>(reconcile =>
        {
            Reconcile(reconcile);
            Answer(CallReportAck.True);
        });
        Receive<CallLoadBatch>(batch => Answer(new CallLoadBatchAnswer(batch.Id, [.. batch.Requests.Select(OnBatchItem)])));
        Receive<SetSnapshot>(snapshot => _sets[snapshot.Set.SetId] = snapshot.Set);
        Receive<FlushNow>(_ => Flush());
        Receive<Sweep>(_ => ExpireCalls());
        Receive<IUpdateResponse>(_ =>
        {
            // Written to a majority, or timed out with this silo's copy written: either way the
            // edges may go on (a timeout means too few silos to lose one anyway).
            if (--_updatesOut > 0)
            {
                return;
            }

            foreach (var (to, answer) in _answersAfterWrite)
            {
                to.Tell(answer);
            }

            _answersAfterWrite.Clear();
            Flush();
        });
    }

    /// <summary>At once when the message changed nothing; otherwise after the write that holds its change.</summary>
    private void Answer(object answer)
    {
        if (_changed)
        {
            _answersAfterNextWrite.Add((Sender, answer));
        }
        else
        {
            Sender.Tell(answer);
        }
    }

    private CallLoadSelection Select(SelectByCallLoad select)
    {
        var started = Stopwatch.GetTimestamp();
        var selection = CallLoadChooser.Select(_calls, _sets.GetValueOrDefault(select.SetId), select.CallId, select.Limit);
        if (!selection.IsEmpty && !_entries.ContainsKey(select.CallId))
        {
            Remember(select.CallId, new Entry(selection.SetId, selection.Destinations[0].Key, Confirmed: false, Deadline(confirmed: false)));
        }

        _view.SelectionTimed(DispatcherAlgorithm.CallLoad, started);
        return selection;
    }

    private object OnBatchItem(object request) => request switch
    {
        SelectByCallLoad select => Select(select),
        CallReport report => CallReportAck.Of(OnReport(report)),

        // Nothing else belongs in a batch: refused, and the rest of the batch still applies.
        _ => CallReportAck.False,
    };

    private bool OnReport(CallReport report)
    {
        switch (report)
        {
            case CallStarted started:
                return _calls.Start(started.CallId, started.SetId, started.DestinationKey)
                    && Remember(started.CallId, new Entry(started.SetId, started.DestinationKey, Confirmed: false, Deadline(confirmed: false)));
            case CallMoved moved when _entries.TryGetValue(moved.CallId, out var entry):
                if (!CallLoadChooser.HasRoom(_calls, _sets.GetValueOrDefault(entry.SetId), moved) || !_calls.Move(moved.CallId, moved.DestinationKey))
                {
                    return false;
                }

                return Remember(moved.CallId, entry with { DestinationKey = moved.DestinationKey, Confirmed = false, ExpiresAt = Deadline(confirmed: false) });
            case CallConfirmed confirmed when _entries.TryGetValue(confirmed.CallId, out var entry):
                _calls.Confirm(confirmed.CallId);
                return Remember(confirmed.CallId, entry with { Confirmed = true, ExpiresAt = Deadline(confirmed: true) });
            case CallActivity activity when _entries.TryGetValue(activity.CallId, out var entry):
                _calls.Touch(activity.CallId);
                _entries[activity.CallId] = entry with { ExpiresAt = Deadline(entry.Confirmed) };
                return true;
            case CallEnded ended:
                return End(ended.CallId);
            default:
                return false;
        }
    }

    /// <summary>Takes over what an edge did alone; the edge's word wins, since it saw the calls.</summary>
    private void Reconcile(ReconcileCalls reconcile)
    {
        var now = _time.GetTimestamp();
        foreach (var callId in reconcile.Ended)
        {
            if (!End(callId))
            {
                _tombstones[callId] = now + Ticks(TombstoneLifetime);
            }
        }

        foreach (var callId in reconcile.Confirmed)
        {
            OnReport(new CallConfirmed(callId));
        }

        foreach (var (callId, call) in reconcile.Up)
        {
            if (_tombstones.ContainsKey(callId))
            {
                continue;
            }

            if (!_entries.TryGetValue(callId, out var entry))
            {
                Count(callId, call, replicate: true);
                continue;
            }

            // A selection the edge gave up waiting for may have been counted here after all, elsewhere.
            _calls.Move(callId, call.DestinationKey);
            if (call.Confirmed)
            {
                _calls.Confirm(callId);
            }

            Remember(callId, entry with { DestinationKey = call.DestinationKey, Confirmed = call.Confirmed, ExpiresAt = Deadline(call.Confirmed) });
        }
    }

    /// <summary>Counts a call the tracker has not seen: from the replica (not written back) or from an edge.</summary>
    private void Count(string callId, ReplicatedCall call, bool replicate)
    {
        _calls.Start(callId, call.SetId, call.DestinationKey);
        if (call.Confirmed)
        {
            _calls.Confirm(callId);
        }

        var entry = new Entry(call.SetId, call.DestinationKey, call.Confirmed, Deadline(call.Confirmed));
        if (replicate)
        {
            Remember(callId, entry);
        }
        else
        {
            _entries[callId] = entry;
        }
    }

    private bool Remember(string callId, Entry entry)
    {
        _entries[callId] = entry;
        Replicate(callId, entry.ToReplica());
        return true;
    }

    private bool End(string callId)
    {
        if (!_entries.Remove(callId))
        {
            return false;
        }

        _calls.End(callId);
        Replicate(callId, null);
        return true;
    }

    private void Replicate(string callId, ReplicatedCall? call)
    {
        _pending[CallReplica.ShardOf(callId)][callId] = call;
        _changed = true;
        if (_updatesOut == 0 && !_flushQueued)
        {
            // After the messages already queued, so a burst leaves as one write.
            _flushQueued = true;
            Self.Tell(FlushNow.Instance);
        }
    }

    private void Flush()
    {
        _flushQueued = false;
        if (_updatesOut > 0)
        {
            return;
        }

        var self = _self;
        for (var shard = 0; shard < CallReplica.Shards; shard++)
        {
            if (_pending[shard].Count == 0)
            {
                continue;
            }

            var changes = _pending[shard].ToArray();
            _pending[shard].Clear();
            _updatesOut++;
            _replicator.Tell(Dsl.Update(CallReplica.Keys[shard], LWWDictionary<string, ReplicatedCall>.Empty, new WriteMajority(ReplicaTimeout), map =>
            {
                foreach (var (callId, call) in changes)
                {
                    map = call is null ? map.Remove(self, callId) : map.SetItem(self, callId, call);
                }

                return map;
            }));
        }

        if (_updatesOut > 0)
        {
            (_answersAfterWrite, _answersAfterNextWrite) = (_answersAfterNextWrite, _answersAfterWrite);
        }
    }

    private void ExpireCalls()
    {
        var now = _time.GetTimestamp();
        foreach (var (callId, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                End(callId);
            }
        }

        foreach (var (callId, until) in _tombstones)
        {
            if (until <= now)
            {
                _tombstones.Remove(callId);
            }
        }
    }

    private long Deadline(bool confirmed) => _time.GetTimestamp() + (confirmed ? _confirmedTicks : _unconfirmedTicks);

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private readonly record struct Entry(int SetId, string DestinationKey, bool Confirmed, long ExpiresAt)
    {
        public ReplicatedCall ToReplica() => new(SetId, DestinationKey, Confirmed);
    }

    private sealed record FlushNow
    {
        public static readonly FlushNow Instance = new();
    }

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
