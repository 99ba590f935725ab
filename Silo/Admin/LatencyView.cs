using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>Kamailio's <c>LATENCY</c> block of <c>dispatcher.list</c> (milliseconds): AVG, STD, EST, MAX, TIMEOUT, and how many probes were measured.</summary>
internal sealed record LatencyView(double Average, double StandardDeviation, double Estimate, int Max, long Timeouts, long Count)
{
    public static LatencyView From(LatencyStats stats) =>
        new(Math.Round(stats.Average, 3), Math.Round(stats.StandardDeviation, 3), Math.Round(stats.Estimate, 3), stats.Max, stats.Timeouts, stats.Count);
}
