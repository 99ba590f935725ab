using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.CallLoad;

/// <summary>
/// The active-call accounting behind algorithm 10 (Kamailio's <c>ds_ht.c</c> table and the
/// <c>dload</c> counters moved by <c>ds_load_add/replace/remove/update/unset</c> in dispatch.c):
/// calls by Call-ID, each counted once against the destination (<c>duid</c>, or the URI when
/// there is none, as <see cref="Destination.Key"/>) of a set that it was sent to.
/// </summary>
/// <remarks>
/// Differences from Kamailio, each fixing a reported problem:
/// the expiry restarts on every sign of life (<see cref="Touch"/>, <see cref="Confirm"/>) instead of
/// being fixed at the INVITE, so long calls keep their slot and a lost BYE frees it sooner;
/// ending an unknown or already expired call is a quiet <c>false</c> (kamailio#4046) and never
/// drives a counter below zero; counters live with the calls and are keyed by set and duid, so a
/// list reload does not reset them while the calls go on; time is monotonic, so a wall-clock step
/// does not expire every call at once. Invariant: each counter equals the number of tracked calls
/// for its set and duid.
/// <para>
/// Thread-safe. Changes take one lock (each is a dictionary operation or two), which keeps the
/// call table and the counters in step; the reads that selection makes (<see cref="GetLoad"/>,
/// <see cref="FillLoads"/>) take no lock.
/// </para>
/// </remarks>
internal sealed class CallLoadTracker
{
    private readonly TimeProvider _time;
    private readonly long _unconfirmedTicks;
    private readonly long _confirmedTicks;
    private readonly Lock _lock = new();

    // Call-IDs compare exactly (RFC 3261 §20.8; Kamailio's ds_add_cell uses strncmp).
    private readonly Dictionary<string, TrackedCall> _calls = new(StringComparer.Ordinal);

    // Changed only under _lock; read without it.
    private readonly ConcurrentDictionary<DestinationKey, Counter> _counters = new();

    public CallLoadTracker(CallLoadOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _time = time;
        _unconfirmedTicks = ToTimestampTicks(options.UnconfirmedTimeout, time.TimestampFrequency);
        _confirmedTicks = ToTimestampTicks(options.ConfirmedTimeout, time.TimestampFrequency);
    }

    public int ActiveCalls
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>
    /// Counts a new call (its INVITE was sent to <paramref name="duid"/> of set <paramref name="setId"/>).
    /// False, and nothing counted, when the Call-ID is already tracked: a retransmission or a
    /// spiral must not count twice (Kamailio warns and returns -2).
    /// </summary>
    public bool Start(string callId, int setId, string duid)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(duid);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            // The counter first: nothing may fail between adding the entry and filling it in.
            var counter = CounterFor(setId, duid);
            ref var call = ref CollectionsMarshal.GetValueRefOrAddDefault(_calls, callId, out var exists);
            if (exists)
            {
                return false;
            }

            call = new TrackedCall(counter, now + _unconfirmedTicks, Confirmed: false);
            counter.Add(1);
            return true;
        }
    }

    /// <summary>A 2xx answered the INVITE: the call now lives by the confirmed limit, counted from now.</summary>
    public bool Confirm(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            ref var call = ref CollectionsMarshal.GetValueRefOrNullRef(_calls, callId);
            if (Unsafe.IsNullRef(ref call))
            {
                return false;
            }

            call = call with { ExpiresAt = now + _confirmedTicks, Confirmed = true };
            return true;
        }
    }

    /// <summary>
    /// Failover sent the call to another destination of the same set: its load moves there
    /// (<c>ds_load_replace</c>). As in Kamailio this is a new attempt, so the call is unconfirmed
    /// again with a fresh unconfirmed limit. Moving to the destination it is on changes no count.
    /// </summary>
    public bool Move(string callId, string newDuid)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentException.ThrowIfNullOrEmpty(newDuid);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            ref var call = ref CollectionsMarshal.GetValueRefOrNullRef(_calls, callId);
            if (Unsafe.IsNullRef(ref call))
            {
                return false;
            }

            var target = CounterFor(call.Counter.Key.SetId, newDuid);
            if (!ReferenceEquals(target, call.Counter))
            {
                call.Counter.Add(-1);
                target.Add(1);
            }

            call = new TrackedCall(target, now + _unconfirmedTicks, Confirmed: false);
            return true;
        }
    }

    /// <summary>
    /// The call is over (BYE, CANCEL, a final failure, or an explicit release by Call-ID): it stops
    /// counting. False for a Call-ID that is not tracked (never counted, already ended or expired).
    /// </summary>
    public bool End(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        lock (_lock)
        {
            if (!_calls.Remove(callId, out var call))
            {
                return false;
            }

            call.Counter.Add(-1);
            return true;
        }
    }

    /// <summary>In-dialog activity (re-INVITE, UPDATE, INFO, ...): the call's limit restarts from now.</summary>
    public bool Touch(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            ref var call = ref CollectionsMarshal.GetValueRefOrNullRef(_calls, callId);
            if (Unsafe.IsNullRef(ref call))
            {
                return false;
            }

            call = call with { ExpiresAt = now + (call.Confirmed ? _confirmedTicks : _unconfirmedTicks) };
            return true;
        }
    }

    /// <summary>
    /// Stops counting every call whose limit has run out and returns how many. A call expires
    /// here only: until the sweep sees it, activity on it still counts (it is evidently alive).
    /// O(calls); meant to run every <see cref="CallLoadOptions.SweepInterval"/>.
    /// </summary>
    public int Expire()
    {
        var now = _time.GetTimestamp();
        var expired = 0;
        lock (_lock)
        {
            foreach (var (callId, call) in _calls)
            {
                if (call.ExpiresAt <= now)
                {
                    // Removing the current entry while enumerating is supported by Dictionary.
                    _calls.Remove(callId);
                    call.Counter.Add(-1);
                    expired++;
                }
            }

            // Idle counters go, so destinations that come and go (pods) do not pile up.
            foreach (var (key, counter) in _counters)
            {
                if (counter.Load == 0)
                {
                    _counters.TryRemove(key, out _);
                }
            }
        }

        return expired;
    }

    /// <summary>The active calls on one destination of a set.</summary>
    public int GetLoad(int setId, string duid)
    {
        ArgumentNullException.ThrowIfNull(duid);
        return _counters.TryGetValue(new DestinationKey(setId, duid), out var counter) ? counter.Load : 0;
    }

    /// <summary>Writes the active calls of each destination of <paramref name="set"/> by index, for <c>SelectionRequest.CallLoads</c>.</summary>
    public void FillLoads(DestinationSet set, Span<int> loads)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (loads.Length < set.Count)
        {
            throw new ArgumentException($"Needs room for {set.Count} loads, has {loads.Length}.", nameof(loads));
        }

        var destinations = set.Destinations;
        for (var i = 0; i < destinations.Length; i++)
        {
            loads[i] = GetLoad(set.SetId, destinations[i].Key);
        }
    }

    /// <summary>Every destination with active calls, by set then duid: a consistent view for admin listings.</summary>
    public IReadOnlyCollection<DestinationCallLoad> Snapshot()
    {
        lock (_lock)
        {
            return _counters.Values
                .Where(c => c.Load > 0)
                .Select(c => new DestinationCallLoad(c.Key.SetId, c.Key.Duid, c.Load))
                .OrderBy(l => l.SetId)
                .ThenBy(l => l.Duid, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }
    }

    // Whole seconds and the rest apart, so a week at a nanosecond frequency does not overflow.
    private static long ToTimestampTicks(TimeSpan span, long frequency) =>
        (span.Ticks / TimeSpan.TicksPerSecond * frequency)
        + (span.Ticks % TimeSpan.TicksPerSecond * frequency / TimeSpan.TicksPerSecond);

    private Counter CounterFor(int setId, string duid) =>
        _counters.GetOrAdd(new DestinationKey(setId, duid), static key => new Counter(key));

    // Duids compare ignoring case, as Kamailio's ds_load_replace and DestinationSet.IndexOf do.
    private readonly record struct DestinationKey(int SetId, string Duid)
    {
        public bool Equals(DestinationKey other) =>
            SetId == other.SetId && string.Equals(Duid, other.Duid, StringComparison.OrdinalIgnoreCase);

        public override int GetHashCode() =>
            HashCode.Combine(SetId, StringComparer.OrdinalIgnoreCase.GetHashCode(Duid));
    }

    // A call is a value in the table (no object per call); it points at its counter so that
    // ending it needs no second lookup.
    private readonly record struct TrackedCall(Counter Counter, long ExpiresAt, bool Confirmed);

    private sealed class Counter(DestinationKey key)
    {
        private int _load;

        public DestinationKey Key { get; } = key;

        public int Load => Volatile.Read(ref _load);

        // Called under the tracker's lock only; the volatile write publishes to lock-free readers.
        public void Add(int delta)
        {
            Debug.Assert(_load + delta >= 0, "A call-load counter went below zero.");
            Volatile.Write(ref _load, _load + delta);
        }
    }
}
