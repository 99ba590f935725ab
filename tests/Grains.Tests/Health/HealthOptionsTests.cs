namespace OrleansLB.Grains.Health;

public sealed class HealthOptionsTests
{
    [Fact]
    public void Default_KamailioDefaultsAndOurTimeout()
    {
        var options = HealthOptions.Default;

        Assert.Empty(options.Validate());
        Assert.Equal(ProbingMode.None, options.ProbingMode);
        Assert.Equal(1, options.ProbingThreshold);
        Assert.Equal(1, options.InactiveThreshold);
        Assert.Same(ReplyCodeRules.Default, options.AcceptedReplyCodes);
        Assert.Equal(900, options.LatencyEstimatorAlpha);
        Assert.Equal(0.9, options.Alpha, 12);
        Assert.Equal(TimeSpan.Zero, options.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ProbeTimeout);
        Assert.Equal(MarkOnCallFailure.Threshold, options.MarkOnCallFailure);
    }

    private static readonly Dictionary<string, HealthOptions> Invalid = new()
    {
        ["mode"] = new() { ProbingMode = (ProbingMode)4 },
        ["probing threshold"] = new() { ProbingThreshold = 0 },
        ["inactive threshold"] = new() { InactiveThreshold = -1 },
        ["reply codes"] = new() { AcceptedReplyCodes = null! },
        ["alpha zero"] = new() { LatencyEstimatorAlpha = 0 },
        ["alpha one"] = new() { LatencyEstimatorAlpha = 1000 },
        ["interval"] = new() { PingInterval = TimeSpan.FromSeconds(-1) },
        ["timeout"] = new() { ProbeTimeout = TimeSpan.Zero },
        ["mark"] = new() { MarkOnCallFailure = (MarkOnCallFailure)7 },
    };

    [Theory]
    [InlineData("mode", "ProbingMode 4 is unknown")]
    [InlineData("probing threshold", "ProbingThreshold is 0; set it to 1 or more")]
    [InlineData("inactive threshold", "InactiveThreshold is -1; set it to 1 or more")]
    [InlineData("reply codes", "use ReplyCodeRules.Default")]
    [InlineData("alpha zero", "LatencyEstimatorAlpha is 0; set it between 1 and 999")]
    [InlineData("alpha one", "LatencyEstimatorAlpha is 1000")]
    [InlineData("interval", "PingInterval is -00:00:01")]
    [InlineData("timeout", "ProbeTimeout is 00:00:00; set it to a positive time")]
    [InlineData("mark", "MarkOnCallFailure 7 is unknown")]
    public void Validate_OneBadValue_OneErrorSayingHowToFix(string bad, string expected)
    {
        var error = Assert.Single(Invalid[bad].Validate());

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEvery()
    {
        var options = new HealthOptions { ProbingThreshold = 0, InactiveThreshold = 0, LatencyEstimatorAlpha = 5000 };

        Assert.Equal(3, options.Validate().Count);
    }

    [Fact]
    public void EnsureValid_Invalid_ThrowsWithEveryError()
    {
        var options = new HealthOptions { ProbingThreshold = 0, ProbeTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => options.EnsureValid());

        Assert.Contains("ProbingThreshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("ProbeTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0.001)]
    [InlineData(100, 0.1)]
    [InlineData(999, 0.999)]
    public void Alpha_Thousandths_KamailioFactor(int thousandths, double expected) =>
        Assert.Equal(expected, new HealthOptions { LatencyEstimatorAlpha = thousandths }.Alpha, 12);
}
