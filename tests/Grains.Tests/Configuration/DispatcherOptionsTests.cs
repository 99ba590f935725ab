using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Health;

namespace OrleansLB.Grains.Configuration;

public class DispatcherOptionsTests
{
    [Fact]
    public void Validate_SampleWithDefaults_NoProblem() =>
        Assert.Empty(new DispatcherOptions { ListFile = DispatcherListSamples.SampleFilePath() }.Validate());

    [Fact]
    public void Validate_EveryProblemNamedWithItsKey()
    {
        var options = new DispatcherOptions
        {
            ListFile = "/nonexistent/dispatcher.list",
            Health = HealthOptions.Default with { ProbingThreshold = 0 },
            CallLoad = CallLoadOptions.Default with { ConfirmedTimeout = TimeSpan.Zero },
        };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("Dispatcher:ListFile: '/nonexistent/dispatcher.list' does not exist", problems[0]);
        Assert.StartsWith("Dispatcher:Health:", problems[1]);
        Assert.Contains("ProbingThreshold", problems[1]);
        Assert.StartsWith("Dispatcher:CallLoad: ConfirmedTimeout", problems[2]);
    }
}
