using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Health;

namespace OrleansLB.Client.Configuration;

public class DispatcherConfigurationTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "dispatcher.list");

    [Fact]
    public void Read_KamailioStyleValues_AllApplied()
    {
        File.WriteAllText(Sample, "1 sip:127.0.0.1:5071\n");
        var errors = new List<string>();

        var options = DispatcherConfiguration.Read(Config(new()
        {
            ["Dispatcher:ListFile"] = Sample,
            ["Dispatcher:LoadMode"] = "SkipInvalid",
            ["Dispatcher:HashPlacement"] = "kamailio-compatible",
            ["Dispatcher:HashUserOnly"] = "1",
            ["Dispatcher:Probing:Interval"] = "15",
            ["Dispatcher:Probing:Mode"] = "1",
            ["Dispatcher:Probing:Threshold"] = "3",
            ["Dispatcher:Probing:ReplyCodes"] = "class=2;class=3;code=404",
            ["Dispatcher:Probing:Timeout"] = "1500ms",
            ["Dispatcher:Probing:From"] = "sip:lb@example.com",
            ["Dispatcher:CallLoad:ConfirmedTimeout"] = "1h",
        }), errors);

        Assert.Empty(errors);
        Assert.Equal(DispatcherListLoadMode.SkipInvalid, options.LoadMode);
        Assert.Equal(HashPlacement.KamailioCompatible, options.Selection.HashPlacement);
        Assert.True(options.Selection.HashUserOnly);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Health.PingInterval);
        Assert.Equal(ProbingMode.All, options.Health.ProbingMode);
        Assert.Equal(3, options.Health.ProbingThreshold);
        Assert.True(options.Health.AcceptedReplyCodes.IsAccepted(404));
        Assert.True(options.Health.AcceptedReplyCodes.IsAccepted(302));
        Assert.False(options.Health.AcceptedReplyCodes.IsAccepted(500));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Health.ProbeTimeout);
        Assert.Equal(TimeSpan.FromHours(1), options.CallLoad.ConfirmedTimeout);
    }

    [Fact]
    public void Read_BadValues_EveryOneNamedByItsKey()
    {
        var errors = new List<string>();

        DispatcherConfiguration.Read(Config(new()
        {
            ["Dispatcher:ListFile"] = "/nonexistent.list",
            ["Dispatcher:LoadMode"] = "lenient",
            ["Dispatcher:Probing:Threshold"] = "three",
            ["Dispatcher:Probing:Interval"] = "soon",
            ["Dispatcher:Probing:ReplyCodes"] = "class2;class3",
            ["Dispatcher:Probing:Treshold"] = "3",
            ["Dispatcher:CallLoad:SweepInterval"] = "0",
        }), errors);

        Assert.Contains(errors, e => e.StartsWith("Dispatcher:LoadMode: 'lenient' is not one of Strict, SkipInvalid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:Probing:Threshold: 'three' is not a whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:Probing:Interval: 'soon' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:Probing:ReplyCodes:", StringComparison.Ordinal) && e.Contains("class2"));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:Probing:Treshold: unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:ListFile: '/nonexistent.list' does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dispatcher:CallLoad: SweepInterval", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5", 5_000)]
    [InlineData("0.5", 500)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:03", 3_000)]
    public void TryParseDuration_SecondsUnitsOrClock(string text, int milliseconds)
    {
        Assert.True(SectionReader.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
