using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

/// <summary>
/// Kamailio's destination state machine as pure functions: <c>ds_options_callback</c> (a probe
/// result), <c>ds_update_state</c> (thresholds), <c>ds_mark_dst</c> (a failed call),
/// <c>dispatcher.set_state</c> (an operator) and <c>ds_ping_set</c> (who is probed).
/// </summary>
/// <remarks>
/// Where this differs from Kamailio, on purpose:
/// <list type="bullet">
/// <item>A probe timeout is always a failure. Kamailio sees its own 408, so <c>code=408</c> or <c>class=4</c>
/// in the reply rules would keep a dead peer up.</item>
/// <item>Only Inactive, Trying, Disabled and Probing are state. Kamailio's <c>DS_STATES_ALL</c> is 63, so each
/// update there also clears the NoPing and NoDnsResolve configuration bits.</item>
/// <item><see cref="SetState"/> resets the counters. Kamailio's RPC keeps <c>probing_count</c>, so a half-counted
/// run goes on counting in the new state.</item>
/// <item>A failed call leaves a Disabled destination alone; Kamailio's <c>ds_mark_dst("i")</c> would clear Disabled.</item>
/// </list>
/// </remarks>
internal sealed class DestinationStateMachine
{
    private const DestinationFlags StateBits = DestinationFlagsExtensions.StateMask;
    private const DestinationFlags NotProbed = DestinationFlags.Disabled | DestinationFlags.NoPing | DestinationFlags.NoDnsResolve;

    private readonly HealthOptions _options;

    public DestinationStateMachine(HealthOptions options) => _options = options.EnsureValid();

    public HealthOptions Options => _options;

    /// <summary>
    /// Kamailio's <c>ds_ping_set</c> filter: never Disabled, NoPing or NoDnsResolve destinations,
    /// nothing when pinging is off; then every destination (mode All), Probing-flagged ones
    /// (None, OnlyFlagged) or those both Inactive and Probing (Inactive).
    /// </summary>
    public static bool ShouldProbe(DestinationHealth health, HealthOptions options)
    {
        if (options.PingInterval <= TimeSpan.Zero || (health.Flags & NotProbed) != 0)
        {
            return false;
        }

        var flagged = health.Has(DestinationFlags.Probing);
        return options.ProbingMode switch
        {
            ProbingMode.All => true,
            ProbingMode.Inactive => flagged && health.Has(DestinationFlags.Inactive),
            _ => flagged,
        };
    }

    /// <summary>A final reply to a probe, with the round trip since it was sent.</summary>
    public (DestinationHealth Next, StateChange Change) OnProbeReply(DestinationHealth health, int statusCode, TimeSpan roundTrip)
    {
        // As ds_update_latency: only destinations that were Probing when the reply came, and a
        // 408 is a timeout whatever sent it.
        var latency = !health.Has(DestinationFlags.Probing) ? health.Latency
            : statusCode == 408 ? LatencyStatistics.AddTimeout(health.Latency)
            : LatencyStatistics.Add(health.Latency, WholeMilliseconds(roundTrip), _options.Alpha);
        return OnProbeResult(health with { Latency = latency }, _options.AcceptedReplyCodes.IsAccepted(statusCode));
    }

    /// <summary>A probe that got no final reply within <see cref="HealthOptions.ProbeTimeout"/>.</summary>
    public (DestinationHealth Next, StateChange Change) OnProbeTimeout(DestinationHealth health)
    {
        var latency = health.Has(DestinationFlags.Probing) ? LatencyStatistics.AddTimeout(health.Latency) : health.Latency;
        return OnProbeResult(health with { Latency = latency }, alive: false);
    }

    /// <summary>
    /// A call to the destination failed (Kamailio scripts call <c>ds_mark_dst</c> here). The
    /// destination is marked Probing so that probes can bring it back, except in mode OnlyFlagged,
    /// where the Probing flag is the operator's choice and is left as it is. <paramref name="markDown"/>
    /// makes it Inactive at once whatever <see cref="HealthOptions.MarkOnCallFailure"/> says
    /// (<c>ds_mark_dst("ip")</c>).
    /// </summary>
    public (DestinationHealth Next, StateChange Change) OnCallFailure(DestinationHealth health, bool markDown = false)
    {
        if (health.Has(DestinationFlags.Disabled))
        {
            return (health, StateChange.None);
        }

        var probing = _options.ProbingMode == ProbingMode.OnlyFlagged
            ? health.Flags & DestinationFlags.Probing
            : DestinationFlags.Probing;
        if (_options.MarkOnCallFailure == MarkOnCallFailure.Threshold && !markDown)
        {
            return Update(health, DestinationFlags.Trying | probing);
        }

        var flags = (health.Flags & ~StateBits) | DestinationFlags.Inactive | probing;
        return (health with { Flags = flags, FailureCount = 0, SuccessCount = 0 }, ChangeOf(health.Flags, flags));
    }

    /// <summary>
    /// An operator's <c>dispatcher.set_state</c>: the state bits are replaced at once, without
    /// thresholds, and the counters start again. Kamailio fires no event route for this; the
    /// change is returned so the caller can still count it.
    /// </summary>
    public static (DestinationHealth Next, StateChange Change) SetState(DestinationHealth health, DestinationFlags stateBits)
    {
        if ((stateBits & ~StateBits) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stateBits), stateBits, "Only Inactive, Trying, Disabled and Probing are state bits.");
        }

        var flags = (health.Flags & ~StateBits) | stateBits;
        return (health with { Flags = flags, FailureCount = 0, SuccessCount = 0 }, ChangeOf(health.Flags, flags));
    }

    /// <summary><see cref="SetState(DestinationHealth, DestinationFlags)"/> from Kamailio's state text (see <see cref="StateText"/>).</summary>
    public static bool TrySetState(
        DestinationHealth health,
        string? kamailioState,
        out (DestinationHealth Next, StateChange Change) result,
        out string? error)
    {
        if (!StateText.TryParse(kamailioState, out var stateBits, out error))
        {
            result = (health, StateChange.None);
            return false;
        }

        result = SetState(health, stateBits);
        return true;
    }

    private (DestinationHealth Next, StateChange Change) OnProbeResult(DestinationHealth health, bool alive)
    {
        var mode = _options.ProbingMode;
        var flagged = health.Has(DestinationFlags.Probing);

        // Disabled meanwhile (RPC), or in mode OnlyFlagged unflagged meanwhile (reload, RPC; PR #2959): the result is stale.
        if (health.Has(DestinationFlags.Disabled) || (mode == ProbingMode.OnlyFlagged && !flagged))
        {
            return (health, StateChange.None);
        }

        var keepProbing = alive
            ? mode is ProbingMode.All or ProbingMode.OnlyFlagged
            : mode != ProbingMode.None;
        var requested = (alive ? DestinationFlags.None : DestinationFlags.Trying)
            | (keepProbing ? DestinationFlags.Probing : DestinationFlags.None);
        return Update(health, requested);
    }

    /// <summary>Kamailio's <c>ds_update_state</c> for a requested state without Disabled.</summary>
    private (DestinationHealth Next, StateChange Change) Update(DestinationHealth health, DestinationFlags requested)
    {
        var old = health.Flags;
        var flags = (old & ~StateBits) | requested;
        int failures = 0, successes = 0;
        if (health.Has(DestinationFlags.Inactive))
        {
            if ((requested & DestinationFlags.Trying) != 0)
            {
                // An Inactive destination cannot go Trying: it stays Inactive and its run of successes restarts.
                flags = (flags & ~DestinationFlags.Trying) | DestinationFlags.Inactive;
            }
            else if (health.SuccessCount + 1 < _options.InactiveThreshold)
            {
                // Not enough successes yet; it keeps Probing if it had it, so that mode None probes it again (issue #2100).
                successes = health.SuccessCount + 1;
                flags |= DestinationFlags.Inactive | (old & DestinationFlags.Probing);
            }
        }
        else if ((requested & DestinationFlags.Trying) != 0)
        {
            failures = health.FailureCount + 1;
            if (failures >= _options.ProbingThreshold)
            {
                failures = 0;
                flags = (flags & ~DestinationFlags.Trying) | DestinationFlags.Inactive;
            }
        }

        var next = health with { Flags = flags, FailureCount = failures, SuccessCount = successes };
        return (next, ChangeOf(old, flags));
    }

    private static StateChange ChangeOf(DestinationFlags before, DestinationFlags after) =>
        (before.IsSkipped(), after.IsSkipped()) switch
        {
            (false, true) => StateChange.Down,
            (true, false) => StateChange.Up,
            _ => StateChange.None,
        };

    /// <summary>Whole milliseconds, truncated, as Kamailio computes them from two <c>timeval</c>s.</summary>
    private static int WholeMilliseconds(TimeSpan roundTrip) =>
        (int)Math.Clamp(roundTrip.Ticks / TimeSpan.TicksPerMillisecond, 0, int.MaxValue);
}
