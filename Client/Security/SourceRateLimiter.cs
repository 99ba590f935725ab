using System.Net.Sockets;
using System.Numerics;
using OrleansLB.Client.Routing;

namespace OrleansLB.Client.Security;

/// <summary>
/// Counts messages per source address in fixed windows and blocks a source that goes over the rate
/// (<see cref="RateLimitOptions"/>). The table is bounded: a set-associative array (eight ways per
/// set, sets picked by a per-process randomised hash so a sender cannot aim at one set), each set
/// under its own lock. A new source takes a free way, else the least recently seen unblocked one, so
/// a crowd of spoofed addresses cannot push a blocked flooder out. <see cref="Check"/> does not allocate.
/// </summary>
internal sealed class SourceRateLimiter
{
    private const int Ways = 8;
    private const int MaxLocks = 1024;

    private readonly Entry[] _entries;
    private readonly Lock[] _locks;
    private readonly int _setMask;
    private readonly int _lockMask;
    private readonly long _window;
    private readonly long _block;
    private readonly long _frequency;
    private readonly int _requests;
    private readonly int _replyLimit;
    private readonly UInt128 _v6Mask;
    private readonly TimeProvider _time;

    public SourceRateLimiter(RateLimitOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        Options = options;
        _time = time ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _window = ToTimestamp(options.Window);
        _block = ToTimestamp(options.BlockTime);
        _requests = options.Requests;
        _replyLimit = options.Action == RateLimitAction.Reply ? options.ReplyLimit : 0;
        _v6Mask = UInt128.MaxValue << (128 - options.IPv6PrefixLength);
        var sets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, options.MaxSources / Ways));
        _entries = new Entry[sets * Ways];
        _setMask = sets - 1;
        _locks = new Lock[Math.Min(sets, MaxLocks)];
        _lockMask = _locks.Length - 1;
        for (var i = 0; i < _locks.Length; i++)
        {
            _locks[i] = new Lock();
        }
    }

    public RateLimitOptions Options { get; }

    /// <summary>How many sources the table can hold.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Counts one message from <paramref name="source"/> and says what to do with it.</summary>
    public RateLimitDecision Check(SourceAddress source)
    {
        var key = source.Family == AddressFamily.InterNetworkV6 ? source.Bits & _v6Mask : source.Bits;
        var isV6 = source.Family == AddressFamily.InterNetworkV6;
        var set = HashCode.Combine((ulong)key, (ulong)(key >> 64), isV6) & _setMask;
        var now = _time.GetTimestamp();
        lock (_locks[set & _lockMask])
        {
            ref var entry = ref Find(set * Ways, key, isV6, now);
            if (now - entry.WindowStart >= _window)
            {
                entry.WindowStart = now;
                entry.Count = 0;
                entry.Replies = 0;
            }

            entry.LastSeen = now;
            if (entry.Count < int.MaxValue)
            {
                entry.Count++;
            }

            var started = false;
            if (entry.Count > _requests)
            {
                started = entry.BlockedUntil <= now;

                // Renewed while the source stays over the rate; at least to the end of this window.
                entry.BlockedUntil = Math.Max(now + _block, entry.WindowStart + _window);
            }

            if (entry.BlockedUntil <= now)
            {
                return RateLimitDecision.Allow;
            }

            if (entry.Replies < _replyLimit)
            {
                entry.Replies++;
                var retryAfter = (int)Math.Clamp((entry.BlockedUntil - now + _frequency - 1) / _frequency, 1, int.MaxValue);
                return new RateLimitDecision(RateLimitVerdict.Reply, retryAfter, started);
            }

            return new RateLimitDecision(RateLimitVerdict.Drop, 0, started);
        }
    }

    /// <summary>Whether <paramref name="source"/> is blocked now (for tests and diagnostics).</summary>
    public bool IsBlocked(SourceAddress source)
    {
        var key = source.Family == AddressFamily.InterNetworkV6 ? source.Bits & _v6Mask : source.Bits;
        var isV6 = source.Family == AddressFamily.InterNetworkV6;
        var set = HashCode.Combine((ulong)key, (ulong)(key >> 64), isV6) & _setMask;
        var now = _time.GetTimestamp();
        lock (_locks[set & _lockMask])
        {
            for (var i = set * Ways; i < (set + 1) * Ways; i++)
            {
                ref var e = ref _entries[i];
                if (e.Used && e.Key == key && e.IsV6 == isV6)
                {
                    return e.BlockedUntil > now;
                }
            }
        }

        return false;
    }

    /// <summary>The entry of the source in its set, making one (in a free way, or in place of the stalest unblocked one) when there is none.</summary>
    private ref Entry Find(int first, UInt128 key, bool isV6, long now)
    {
        var victim = -1;
        var victimBlocked = true;
        var victimSeen = long.MaxValue;
        for (var i = first; i < first + Ways; i++)
        {
            ref var e = ref _entries[i];
            if (!e.Used)
            {
                if (victim < 0 || _entries[victim].Used)
                {
                    victim = i;
                }

                continue;
            }

            if (e.Key == key && e.IsV6 == isV6)
            {
                return ref e;
            }

            if (victim >= 0 && !_entries[victim].Used)
            {
                continue;
            }

            var blocked = e.BlockedUntil > now;
            if (victim < 0 || (victimBlocked && !blocked) || (victimBlocked == blocked && e.LastSeen < victimSeen))
            {
                victim = i;
                victimBlocked = blocked;
                victimSeen = e.LastSeen;
            }
        }

        ref var fresh = ref _entries[victim];
        fresh = new Entry { Used = true, Key = key, IsV6 = isV6, WindowStart = now, LastSeen = now };
        return ref fresh;
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _frequency);

    private struct Entry
    {
        public UInt128 Key;
        public long WindowStart;
        public long LastSeen;
        public long BlockedUntil;
        public int Count;
        public int Replies;
        public bool IsV6;
        public bool Used;
    }
}
