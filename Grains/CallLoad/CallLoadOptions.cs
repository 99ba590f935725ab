namespace OrleansLB.Grains.CallLoad;

/// <summary>
/// Limits for <see cref="CallLoadTracker"/>: how long a call may stay counted without news.
/// Kamailio's equivalents are <c>ds_hash_initexpire</c> and <c>ds_hash_expire</c> (both 7200 s,
/// counted from the INVITE and never refreshed) and <c>ds_hash_check_interval</c> (30 s).
/// </summary>
internal sealed record CallLoadOptions
{
    public static readonly CallLoadOptions Default = new();

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a call may stay counted before its INVITE is answered with a 2xx. It must outlast
    /// the longest INVITE transaction, or a call that rings long is dropped from the count and
    /// then never counted at all: RFC 3261 §16.6 makes a proxy's Timer C larger than 3 minutes,
    /// so the default is 4 minutes. It only matters when the final response is lost.
    /// </summary>
    public TimeSpan UnconfirmedTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// How long an answered call stays counted after the last sign of life (2xx, re-INVITE,
    /// UPDATE, ...). Kamailio's 2 hours, but restarted by activity, so calls with session timers
    /// (RFC 4028, commonly refreshed every 15-30 minutes) never lose their slot. It bounds how
    /// long a lost BYE inflates a destination's load.
    /// </summary>
    public TimeSpan ConfirmedTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How often the host should call <see cref="CallLoadTracker.Expire"/>; the tracker itself has no timer.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these options, each saying how to fix it; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckTimeout(errors, nameof(UnconfirmedTimeout), UnconfirmedTimeout);
        CheckTimeout(errors, nameof(ConfirmedTimeout), ConfirmedTimeout);

        // Only compared with a usable UnconfirmedTimeout, so one mistake gives one message.
        if (SweepInterval <= TimeSpan.Zero || (UnconfirmedTimeout > TimeSpan.Zero && SweepInterval >= UnconfirmedTimeout))
        {
            errors.Add($"{nameof(SweepInterval)} is {SweepInterval}; set it above zero and below {nameof(UnconfirmedTimeout)} ({UnconfirmedTimeout}), a few seconds is typical.");
        }

        return errors;
    }

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            errors.Add($"{name} is {value}; set it above zero and at most {MaxTimeout.TotalDays} days.");
        }
    }
}
