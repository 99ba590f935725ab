using System.Collections.Immutable;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Dispatching.Policies;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Local;

/// <summary>
/// The dispatcher state of a single-node run, in this process: the snapshot, each destination
/// entry's health counters and the call-load table. Writers take one lock and publish a new
/// snapshot; readers never lock.
/// </summary>
/// <remarks>
/// Health is kept per set entry, as in Kamailio (an entry's configured Probing or NoPing bits are
/// its own), but one report about a destination key updates every entry with that key, so a
/// server listed in several sets is probed once.
/// </remarks>
internal sealed class LocalDispatcherState : IDispatcherState, IDisposable
{
    private static readonly CallLoadPolicy CallLoad = new();
    private static readonly SelectionContext Unused = new();

    private readonly Lock _lock = new();
    private readonly DestinationStateMachine _machine;
    private readonly CallLoadTracker _calls;
    private readonly ITimer _sweep;
    private readonly Dictionary<(int SetId, string Key), (int Failures, int Successes)> _counters = new(EntryComparer.Instance);
    private DispatcherSnapshot _snapshot;

    public LocalDispatcherState(DispatcherSnapshot initial, HealthOptions health, CallLoadOptions callLoad, TimeProvider time)
    {
        _snapshot = initial;
        _machine = new DestinationStateMachine(health);
        _calls = new CallLoadTracker(callLoad, time);
        _sweep = time.CreateTimer(_ => _calls.Expire(), null, callLoad.SweepInterval, callLoad.SweepInterval);
    }

    public LocalDispatcherState(DispatcherSnapshot initial, DispatcherOptions options, TimeProvider time)
        : this(initial, options.Health, options.CallLoad, time)
    {
    }

    public DispatcherSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The call table, for listings and tests.</summary>
    public CallLoadTracker Calls => _calls;

    /// <summary>Raised after a report moved a destination entry up or down (for logs, events and metrics).</summary>
    public event Action<int, Destination, StateChange>? StateChanged;

    public ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!Snapshot.TryGetSet(setId, out var set) || limit <= 0)
            {
                return ValueTask.FromResult(CallLoadSelection.None(setId));
            }

            Span<int> loads = set.Count <= 256 ? stackalloc int[set.Count] : new int[set.Count];
            Span<int> order = stackalloc int[Math.Min(limit, Math.Min(set.Count, 256))];
            _calls.FillLoads(set, loads);
            var n = CallLoad.Select(set, new SelectionRequest { IsInvite = true, CallLoads = loads }, Unused, order);
            if (n == 0)
            {
                return ValueTask.FromResult(CallLoadSelection.None(setId));
            }

            // A Call-ID already counted (a spiral or a retried INVITE) keeps its one count.
            _calls.Start(callId, setId, set[order[0]].Key);
            var chosen = ImmutableArray.CreateBuilder<Destination>(n);
            foreach (var i in order[..n])
            {
                chosen.Add(set[i]);
            }

            return ValueTask.FromResult(new CallLoadSelection(setId, chosen.MoveToImmutable()));
        }
    }

    public ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(report switch
        {
            CallStarted started => _calls.Start(started.CallId, started.SetId, started.DestinationKey),
            CallMoved moved => Move(moved),
            CallConfirmed confirmed => _calls.Confirm(confirmed.CallId),
            CallActivity activity => _calls.Touch(activity.CallId),
            CallEnded ended => _calls.End(ended.CallId),
            _ => false,
        });

    public ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default)
    {
        List<(int, Destination, StateChange)>? changes = null;
        lock (_lock)
        {
            var snapshot = Snapshot;
            var sets = snapshot.Sets;
            foreach (var set in snapshot.Sets)
            {
                var updated = set;
                for (var i = 0; i < set.Count; i++)
                {
                    var entry = set[i];
                    if (!string.Equals(entry.Key, report.DestinationKey, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var key = (set.SetId, entry.Key);
                    var (failures, successes) = _counters.GetValueOrDefault(key);
                    var health = new DestinationHealth(entry.Flags, failures, successes, entry.Latency);
                    var (next, change) = report switch
                    {
                        ProbeReplied reply => _machine.OnProbeReply(health, reply.StatusCode, reply.RoundTrip),
                        ProbeTimedOut => _machine.OnProbeTimeout(health),
                        DestinationUnreachable => _machine.OnCallFailure(health, markDown: true),
                        _ => _machine.OnCallFailure(health),
                    };
                    _counters[key] = (next.FailureCount, next.SuccessCount);
                    var applied = next.ApplyTo(entry);
                    if (!ReferenceEquals(applied, entry))
                    {
                        // Same priority, so the index stays valid while the loop goes on.
                        updated = updated.With(i, applied);
                    }

                    if (change != StateChange.None)
                    {
                        (changes ??= []).Add((set.SetId, applied, change));
                    }
                }

                if (!ReferenceEquals(updated, set))
                {
                    sets = sets.Replace(set, updated);
                }
            }

            if (sets != snapshot.Sets)
            {
                Volatile.Write(ref _snapshot, new DispatcherSnapshot(snapshot.Version + 1, sets));
            }
        }

        if (changes is not null && StateChanged is { } handler)
        {
            foreach (var (setId, destination, change) in changes)
            {
                handler(setId, destination, change);
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _sweep.Dispose();

    private bool Move(CallMoved moved)
    {
        lock (_lock)
        {
            if (moved.RespectMaxLoad
                && Snapshot.TryGetSet(moved.SetId, out var set)
                && set.IndexOf(moved.DestinationKey) is var i and >= 0
                && set[i].Attributes.MaxLoad > 0
                && _calls.GetLoad(moved.SetId, set[i].Key) >= set[i].Attributes.MaxLoad)
            {
                return false;
            }

            return _calls.Move(moved.CallId, moved.DestinationKey);
        }
    }

    private sealed class EntryComparer : IEqualityComparer<(int SetId, string Key)>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals((int SetId, string Key) x, (int SetId, string Key) y) =>
            x.SetId == y.SetId && string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((int SetId, string Key) obj) =>
            HashCode.Combine(obj.SetId, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key));
    }
}
