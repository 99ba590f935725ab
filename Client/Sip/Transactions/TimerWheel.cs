using System.Runtime.ExceptionServices;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The transactions' timers on one <see cref="ITimer"/>: a hashed wheel of 10 ms slots, each
/// timer in the slot of its due time, and the one timer set for the earliest. Firing visits only
/// the slots whose time has come, where .NET's timer queue walks every timer due within the next
/// third of a second each time one fires (14 % of the edge's CPU at 400 calls/s, with about
/// 10,000 transactions lingering). Due times are kept exactly, so a timer never fires early and a
/// fake <see cref="TimeProvider"/> drives it as it drives its own timers.
/// </summary>
/// <remarks>
/// Callbacks run one after the other on the thread that fires, outside the wheel's lock, since
/// they arm timers again. A callback whose timer was re-armed or disarmed after it was taken
/// due is skipped, where a <see cref="System.Threading.Timer"/> might still run it. The wheel
/// lives as long as its layer and is not disposed with it: a transaction made during shutdown
/// still times out, as it did with a timer of its own, and an unarmed wheel holds nothing.
/// </remarks>
internal sealed class TimerWheel
{
    // 4,096 slots of 10 ms turn in 41 s, past the longest transaction timer (64*T1 = 32 s and
    // the 32 s linger by default); a timer further out waits in its slot for its round.
    private const int SlotCount = 4096;
    private const long Unarmed = long.MaxValue;

    // The firing thread's list of timers due, lent out while in use in case a callback fires again.
    [ThreadStatic]
    private static List<(Entry Entry, int Version)>? t_due;

    private readonly TimeProvider _time;
    private readonly long _slotLength;
    private readonly Entry?[] _slots = new Entry?[SlotCount];
    private readonly ITimer _timer;
    private readonly Lock _lock = new();

    // Every slot before this one has fired; the timestamp the ITimer is set for.
    private long _current;
    private long _armedFor = Unarmed;

    public TimerWheel(TimeProvider time)
    {
        _time = time;
        _slotLength = Math.Max(1, time.TimestampFrequency / 100);
        _current = time.GetTimestamp() / _slotLength;
        _timer = time.CreateTimer(static s => ((TimerWheel)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Timers armed and not yet fired.</summary>
    public int Count { get; private set; }

    /// <summary>A timer of this wheel, not armed.</summary>
    public Entry Create(TimerCallback callback, object state) => new(this, callback, state);

    private void Arm(Entry entry, TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan)
        {
            Disarm(entry);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(due, TimeSpan.Zero);
        lock (_lock)
        {
            Unlink(entry);
            entry.Version++;
            var now = _time.GetTimestamp();
            var at = now + (long)((Int128)due.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
            entry.Due = at;
            entry.Slot = Math.Max(at / _slotLength, _current);
            var index = (int)(entry.Slot & (SlotCount - 1));
            entry.Next = _slots[index];
            if (entry.Next is not null)
            {
                entry.Next.Previous = entry;
            }

            _slots[index] = entry;
            entry.Linked = true;
            Count++;
            SetTimer(at, now);
        }
    }

    private void Disarm(Entry entry)
    {
        lock (_lock)
        {
            Unlink(entry);
            entry.Version++;
        }
    }

    private void Fire()
    {
        var due = t_due ?? [];
        t_due = null;
        lock (_lock)
        {
            _armedFor = Unarmed;
            var now = _time.GetTimestamp();
            var last = Math.Min(now / _slotLength, _current + SlotCount - 1);
            for (var slot = _current; slot <= last; slot++)
            {
                for (var entry = _slots[slot & (SlotCount - 1)]; entry is not null;)
                {
                    var next = entry.Next;
                    if (entry.Due <= now)
                    {
                        Unlink(entry);
                        due.Add((entry, entry.Version));
                    }

                    entry = next;
                }
            }

            // The last slot may still hold timers due later within it.
            _current = now / _slotLength;
            ArmForEarliest(now);
        }

        ExceptionDispatchInfo? failure = null;
        foreach (var (entry, version) in due)
        {
            if (Volatile.Read(ref entry.Version) != version)
            {
                continue;
            }

            try
            {
                entry.Callback(entry.State);
            }
            catch (Exception e)
            {
                // The others still fire; the first failure goes on as a timer's would.
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        due.Clear();
        t_due = due;
        failure?.Throw();
    }

    private void ArmForEarliest(long now)
    {
        if (Count == 0)
        {
            return;
        }

        for (var slot = _current; slot < _current + SlotCount; slot++)
        {
            var earliest = Unarmed;
            for (var entry = _slots[slot & (SlotCount - 1)]; entry is not null; entry = entry.Next)
            {
                if (entry.Slot == slot && entry.Due < earliest)
                {
                    earliest = entry.Due;
                }
            }

            if (earliest != Unarmed)
            {
                SetTimer(earliest, now);
                return;
            }
        }

        // Every timer is a round or more away: look again in one turn.
        SetTimer((_current + SlotCount) * _slotLength, now);
    }

    /// <summary>Sets the timer for <paramref name="at"/> unless it is set earlier already.</summary>
    private void SetTimer(long at, long now)
    {
        if (at >= _armedFor)
        {
            return;
        }

        _armedFor = at;
        // Whole milliseconds, rounded up: .NET's timers drop the fraction, and a timer that fires
        // early finds nothing due and fires again at once until the due time, a busy loop.
        var wait = Math.Max(0, at - now);
        _timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(wait * 1000.0 / _time.TimestampFrequency)), Timeout.InfiniteTimeSpan);
    }

    private void Unlink(Entry entry)
    {
        if (!entry.Linked)
        {
            return;
        }

        if (entry.Previous is not null)
        {
            entry.Previous.Next = entry.Next;
        }
        else
        {
            _slots[entry.Slot & (SlotCount - 1)] = entry.Next;
        }

        if (entry.Next is not null)
        {
            entry.Next.Previous = entry.Previous;
        }

        (entry.Previous, entry.Next, entry.Linked) = (null, null, false);
        Count--;
    }

    /// <summary>One timer: armed for a single firing at a time, as a transaction's timers are.</summary>
    internal sealed class Entry(TimerWheel wheel, TimerCallback callback, object state)
    {
        // Under the wheel's lock, but Version, which the firing thread reads after the lock.
        internal int Version;
        internal long Due;
        internal long Slot;
        internal bool Linked;
        internal Entry? Previous;
        internal Entry? Next;

        internal TimerCallback Callback => callback;

        internal object State => state;

        public void Arm(TimeSpan due) => wheel.Arm(this, due);

        public void Disarm() => wheel.Disarm(this);
    }
}
