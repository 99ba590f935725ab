namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// Probe round-trip statistics of one destination, as Kamailio's <c>ds_latency_stats_t</c>
/// keeps them (milliseconds): the running mean and deviation, an EWMA estimate that
/// algorithm 13 reads, the maximum and minimum, and the number of probes that timed out.
/// </summary>
public readonly record struct LatencyStats(
    double Average,
    double StandardDeviation,
    double Estimate,
    int Max,
    int Min,
    long Count,
    long Timeouts)
{
    /// <summary>Sum of squared differences from the mean (Welford), from which the deviation is derived.</summary>
    public double SumOfSquares { get; init; }
}
