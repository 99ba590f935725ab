using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

/// <summary>
/// Kamailio's <c>latency_stats_update</c> (dispatch.c) as a pure function: Welford's running mean
/// and deviation over probe round trips, an EWMA estimate for algorithm 13, and its two quirks
/// kept on purpose so numbers match <c>dispatcher.list</c>.
/// </summary>
/// <remarks>
/// Kamailio keeps mean, deviation and estimate in <c>float</c>; these are <c>double</c>, so
/// they agree with Kamailio's to about seven significant digits.
/// </remarks>
internal static class LatencyStatistics
{
    /// <summary>2^21 samples (~24 days at one probe a second); from then on the mean becomes a weighted mean.</summary>
    internal const long CountCap = 2_097_152;

    /// <summary>The sample count jumped to once the first samples are steady, which all but freezes the mean.</summary>
    internal const long TrainingCount = 10_000;

    /// <summary>Adds one round trip in whole milliseconds (Kamailio measures <c>int</c> ms).</summary>
    /// <param name="alpha">Weight of the previous estimate, <see cref="HealthOptions.Alpha"/> (0.9 by default).</param>
    public static LatencyStats Add(LatencyStats stats, int latencyMs, double alpha)
    {
        var count = stats.Count;
        var sumOfSquares = stats.SumOfSquares;
        if (count < CountCap)
        {
            count++;
        }
        else
        {
            // At the cap the count stops; shrinking the sum of squares in proportion keeps the deviation meaningful.
            sumOfSquares -= sumOfSquares / count;
        }

        double average = stats.Average, deviation = stats.StandardDeviation, estimate = stats.Estimate;
        int min = stats.Min, max = stats.Max;
        if (count == 1)
        {
            average = estimate = min = max = latencyMs;
            deviation = sumOfSquares = 0;
        }

        // Kamailio's "training": a steady start (deviation under half a millisecond after ten samples)
        // jumps the count so later samples move the mean by only 1/count.
        if (count > 10 && count < TrainingCount && deviation < 0.5)
        {
            count = TrainingCount;
        }

        min = Math.Min(min, latencyMs);
        max = Math.Max(max, latencyMs);

        if (count > 1)
        {
            var delta = latencyMs - average;
            average += delta / count;
            sumOfSquares += delta * (latencyMs - average);
            deviation = Math.Sqrt(sumOfSquares / (count - 1));
        }

        estimate = count < 10 ? average : (estimate * alpha) + (latencyMs * (1 - alpha));

        return new LatencyStats(average, deviation, estimate, max, min, count, stats.Timeouts)
        {
            SumOfSquares = sumOfSquares,
        };
    }

    /// <summary>Counts a probe that got no answer (Kamailio counts every 408, local or received).</summary>
    public static LatencyStats AddTimeout(LatencyStats stats) => stats with { Timeouts = stats.Timeouts + 1 };
}
