using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

public sealed class LatencyStatisticsTests
{
    private const int Precision = 9;

    [Fact]
    public void Add_FirstSample_StartsEverythingAtIt()
    {
        var stats = LatencyStatistics.Add(default(LatencyStats) with { Timeouts = 3 }, 40, 0.9);

        Assert.Equal(new LatencyStats(40, 0, 40, 40, 40, 1, 3), stats);
        Assert.Equal(0, stats.SumOfSquares);
    }

    [Fact]
    public void Add_ThreeSamples_WelfordMeanAndDeviation()
    {
        var stats = AddAll(0.9, 10, 20, 30);

        // Mean 20; squared deviations 100 + 0 + 100 = 200; sample deviation sqrt(200 / 2) = 10.
        Assert.Equal(20, stats.Average, Precision);
        Assert.Equal(200, stats.SumOfSquares, Precision);
        Assert.Equal(10, stats.StandardDeviation, Precision);
        Assert.Equal(20, stats.Estimate, Precision);
        Assert.Equal((10, 30, 3L), (stats.Min, stats.Max, stats.Count));
    }

    [Fact]
    public void Add_TenthSample_EstimateTurnsIntoMovingAverage()
    {
        var stats = AddAll(0.5, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200);

        // Mean 1100 / 10 = 110; sum of squares 100 * (200 - 110) = 9000; deviation sqrt(9000 / 9).
        Assert.Equal(110, stats.Average, Precision);
        Assert.Equal(Math.Sqrt(1000), stats.StandardDeviation, Precision);

        // Nine samples keep the estimate at the mean (100); the tenth mixes: 0.5 * 100 + 0.5 * 200.
        Assert.Equal(150, stats.Estimate, Precision);
    }

    [Fact]
    public void Add_SteadyFirstElevenSamples_CountJumpsToTrainingCount()
    {
        var steady = AddAll(0.9, Enumerable.Repeat(100, 11).ToArray());
        Assert.Equal(LatencyStatistics.TrainingCount, steady.Count);

        var stats = LatencyStatistics.Add(steady, 200, 0.9);

        // After the jump a 200 ms sample moves the mean by only 100 / 10001.
        var mean = 100 + (100.0 / 10_001);
        Assert.Equal(10_001, stats.Count);
        Assert.Equal(mean, stats.Average, Precision);
        Assert.Equal(100 * (200 - mean), stats.SumOfSquares, Precision);
        Assert.Equal(Math.Sqrt(100 * (200 - mean) / 10_000), stats.StandardDeviation, Precision);
        Assert.Equal((0.9 * 100) + (0.1 * 200), stats.Estimate, Precision);
    }

    [Fact]
    public void Add_UnsteadySamples_CountNotJumped()
    {
        var stats = AddAll(0.9, 10, 20, 10, 20, 10, 20, 10, 20, 10, 20, 10, 20);

        Assert.Equal(12, stats.Count);
        Assert.Equal(15, stats.Average, Precision);
    }

    [Fact]
    public void Add_AtCountCap_CountStaysAndSumOfSquaresShrinks()
    {
        var full = new LatencyStats(50, 2, 50, 60, 40, LatencyStatistics.CountCap, 0) { SumOfSquares = 8_388_608 };

        var stats = LatencyStatistics.Add(full, 50, 0.9);

        Assert.Equal(LatencyStatistics.CountCap, stats.Count);
        Assert.Equal(8_388_608 - 4, stats.SumOfSquares, Precision);
        Assert.Equal(50, stats.Average, Precision);
        Assert.Equal(Math.Sqrt(8_388_604.0 / (LatencyStatistics.CountCap - 1)), stats.StandardDeviation, Precision);
    }

    [Fact]
    public void AddTimeout_CountsOnlyTimeouts()
    {
        var before = AddAll(0.9, 10, 20);

        var after = LatencyStatistics.AddTimeout(before);

        Assert.Equal(before with { Timeouts = 1 }, after);
    }

    private static LatencyStats AddAll(double alpha, params int[] samples) =>
        samples.Aggregate(default(LatencyStats), (stats, ms) => LatencyStatistics.Add(stats, ms, alpha));
}
