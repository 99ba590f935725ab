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
/// Akka.DistributedData (one LWW map by Call-ID, written with write-majority in batches of a
/// few milliseconds); an activation on another silo first reads the map (read-majority) and
/// counts those calls again, holding other messages until it has.
/// </summary>
/// <remarks>
/// Expiry is the grain's: it keeps each call's deadline beside the tracker and ends the calls
/// whose deadline has passed, so the replicated map loses them too. Deadlines are not
/// replicated; a rebuilt call starts a fresh one.
/// </remarks>
internal sealed class CallLoadGrain : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    public static readonly LWWDictionaryKey<string, ReplicatedCall> ReplicaKey = new("orleanslb-calls");

    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ReplicaTimeout = TimeSpan.FromSeconds(3);

    private readonly CallLoadTracker _calls;
    private readonly Dictionary<int, DestinationSet> _sets;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplicatedCall?> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _unconfirmedTicks;
    private readonly long _confirmedTicks;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.UniqueAddress _self;
    private readonly TimeSpan _sweepInterval;
    private readonly GrainTierView _view;

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
        _replicator.Tell(Dsl.Get(ReplicaKey, new ReadMajority(ReplicaTimeout)));
    }

    protected override void PostStop() => _view.CallLoadStopped(_calls);

    private void Recovering()
    {
        Receive<GetSuccess>(success =>
        {
            foreach (var (callId, call) in success.Get(ReplicaKey))
            {
                Track(callId, call.SetId, call.DestinationKey, call.Confirmed, replicate: false);
            }

            Activate();
        });
        Receive<NotFound>(_ => Activate());

        // A majority is out of reach: take what this silo holds rather than stop answering.
        Receive<GetFailure>(_ => _replicator.Tell(Dsl.Get(ReplicaKey, ReadLocal.Instance)));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Activate()
    {
        Become(Active);
        Stash.UnstashAll();
    }

    private void Active()
    {
        Receive<SelectByCallLoad>(select =>
        {
            var started = Stopwatch.GetTimestamp();
            var selection = CallLoadChooser.Select(_calls, _sets.GetValueOrDefault(select.SetId), select.CallId, select.Limit);
            if (!selection.IsEmpty && !_entries.ContainsKey(select.CallId))
            {
                Track(select.CallId, selection.SetId, selection.Destinations[0].Key, confirmed: false, replicate: true);
            }

            _view.SelectionTimed(DispatcherAlgorithm.CallLoad, started);
            Sender.Tell(selection);
        });
        Receive<CallReport>(report => Sender.Tell(CallReportAck.Of(OnReport(report))));
        Receive<SetSnapshot>(snapshot => _sets[snapshot.Set.SetId] = snapshot.Set);
        Receive<Flush>(_ => FlushPending());
        Receive<Sweep>(_ => ExpireCalls());
        Receive<UpdateSuccess>(_ => { });
        Receive<UpdateTimeout>(_ => { });
        Receive<IUpdateFailure>(_ => { });
    }

    private bool OnReport(CallReport report)
    {
        var now = _time.GetTimestamp();
        switch (report)
        {
            case CallStarted started:
                return _calls.Start(started.CallId, started.SetId, started.DestinationKey)
                    && Track(started.CallId, started.SetId, started.DestinationKey, confirmed: false, replicate: true);
            case CallMoved moved when _entries.TryGetValue(moved.CallId, out var entry):
                if (!CallLoadChooser.HasRoom(_calls, _sets.GetValueOrDefault(entry.SetId), moved) || !_calls.Move(moved.CallId, moved.DestinationKey))
                {
                    return false;
                }

                return Update(moved.CallId, entry with { DestinationKey = moved.DestinationKey, Confirmed = false, ExpiresAt = now + _unconfirmedTicks });
            case CallConfirmed confirmed when _entries.TryGetValue(confirmed.CallId, out var entry):
                _calls.Confirm(confirmed.CallId);
                return Update(confirmed.CallId, entry with { Confirmed = true, ExpiresAt = now + _confirmedTicks });
            case CallActivity activity when _entries.TryGetValue(activity.CallId, out var entry):
                _calls.Touch(activity.CallId);
                _entries[activity.CallId] = entry with { ExpiresAt = now + (entry.Confirmed ? _confirmedTicks : _unconfirmedTicks) };
                return true;
            case CallEnded ended when _entries.Remove(ended.CallId):
                _calls.End(ended.CallId);
                Replicate(ended.CallId, null);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Without <paramref name="replicate"/> the call comes from the replica, so the tracker has not counted it yet.</summary>
    private bool Track(string callId, int setId, string key, bool confirmed, bool replicate)
    {
        if (!replicate)
        {
            _calls.Start(callId, setId, key);
            if (confirmed)
            {
                _calls.Confirm(callId);
            }
        }

        var entry = new Entry(setId, key, confirmed, _time.GetTimestamp() + (confirmed ? _confirmedTicks : _unconfirmedTicks));
        _entries[callId] = entry;
        if (replicate)
        {
            Replicate(callId, entry.ToReplica());
        }

        return true;
    }

    private bool Update(string callId, Entry entry)
    {
        _entries[callId] = entry;
        Replicate(callId, entry.ToReplica());
        return true;
    }

    private void Replicate(string callId, ReplicatedCall? call)
    {
        if (_pending.Count == 0)
        {
            Timers.StartSingleTimer("flush", Flush.Instance, FlushDelay);
        }

        _pending[callId] = call;
    }

    private void FlushPending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var changes = _pending.ToArray();
        _pending.Clear();
        var self = _self;
        _replicator.Tell(Dsl.Update(ReplicaKey, LWWDictionary<string, ReplicatedCall>.Empty, new WriteMajority(ReplicaTimeout), map =>
        {
            foreach (var (callId, call) in changes)
            {
                map = call is null ? map.Remove(self, callId) : map.SetItem(self, callId, call);
            }

            return map;
        }));
    }

    private void ExpireCalls()
    {
        var now = _time.GetTimestamp();
        foreach (var (callId, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.Remove(callId);
                _calls.End(callId);
                Replicate(callId, null);
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private readonly record struct Entry(int SetId, string DestinationKey, bool Confirmed, long ExpiresAt)
    {
        public ReplicatedCall ToReplica() => new(SetId, DestinationKey, Confirmed);
    }

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
