namespace OrleansLB.Grains.Health;

/// <summary>
/// Destination health settings, Kamailio's probing module parameters with their defaults
/// (dispatcher.c): <c>ds_probing_mode</c>, <c>ds_probing_threshold</c>, <c>ds_inactive_threshold</c>,
/// <c>ds_ping_reply_codes</c>, <c>ds_latency_estimator_alpha</c>, <c>ds_ping_interval</c>.
/// </summary>
internal sealed record HealthOptions
{
    public static readonly HealthOptions Default = new();

    public ProbingMode ProbingMode { get; init; } = ProbingMode.None;

    /// <summary>Failures in a row (probes, or call failures with <see cref="MarkOnCallFailure.Threshold"/>) that make a destination Inactive.</summary>
    public int ProbingThreshold { get; init; } = 1;

    /// <summary>Successful probes in a row that bring an Inactive destination back.</summary>
    public int InactiveThreshold { get; init; } = 1;

    /// <summary>Replies accepted besides 2xx.</summary>
    public ReplyCodeRules AcceptedReplyCodes { get; init; } = ReplyCodeRules.Default;

    /// <summary>
    /// Kamailio's <c>ds_latency_estimator_alpha</c>, in thousandths: the weight of the previous
    /// latency estimate in the moving average (900, the default, keeps 0.9 of it and takes 0.1 of the new sample).
    /// </summary>
    public int LatencyEstimatorAlpha { get; init; } = 900;

    /// <summary>Time between probe rounds; zero turns probing off, as Kamailio's default.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long a probe waits for a reply before it fails. Ours: Kamailio waits for tm's
    /// <c>fr_timer</c> (30 s by default), which is why its users see dead peers marked late.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public MarkOnCallFailure MarkOnCallFailure { get; init; } = MarkOnCallFailure.Threshold;

    /// <summary><see cref="LatencyEstimatorAlpha"/> as the factor Kamailio computes in <c>mod_init</c> (value / 1000).</summary>
    public double Alpha => LatencyEstimatorAlpha / 1000.0;

    /// <summary>Every problem with these settings, each saying how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(ProbingMode))
        {
            errors.Add($"ProbingMode {(int)ProbingMode} is unknown; use None (0), All (1), Inactive (2) or OnlyFlagged (3).");
        }

        if (ProbingThreshold < 1)
        {
            errors.Add($"ProbingThreshold is {ProbingThreshold}; set it to 1 or more (failures in a row before a destination goes Inactive).");
        }

        if (InactiveThreshold < 1)
        {
            errors.Add($"InactiveThreshold is {InactiveThreshold}; set it to 1 or more (successful probes in a row before an Inactive destination comes back).");
        }

        if (AcceptedReplyCodes is null)
        {
            errors.Add("AcceptedReplyCodes is missing; use ReplyCodeRules.Default to accept only 2xx.");
        }

        if (LatencyEstimatorAlpha is <= 0 or >= 1000)
        {
            errors.Add($"LatencyEstimatorAlpha is {LatencyEstimatorAlpha}; set it between 1 and 999 (thousandths of the old estimate kept, Kamailio's default 900).");
        }

        if (PingInterval < TimeSpan.Zero)
        {
            errors.Add($"PingInterval is {PingInterval}; set it to zero (no probing) or a positive time.");
        }

        if (ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ProbeTimeout is {ProbeTimeout}; set it to a positive time, such as 5 seconds.");
        }

        if (!Enum.IsDefined(MarkOnCallFailure))
        {
            errors.Add($"MarkOnCallFailure {(int)MarkOnCallFailure} is unknown; use Threshold or Immediate.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, for start-up.</summary>
    public HealthOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0
            ? this
            : throw new ArgumentException("Invalid health options: " + string.Join(" ", errors));
    }
}
