using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Hosting;

namespace OrleansLB.Client.Configuration;

public sealed class EdgeConfigurationTests
{
    [Fact]
    public void Read_Nothing_Defaults()
    {
        var errors = new List<string>();

        var options = EdgeConfiguration.Read(Configuration([]), errors);

        Assert.Empty(errors);
        Assert.Equal(EdgeDrainOptions.Default, options);
        Assert.Equal(TimeSpan.FromSeconds(120), options.DrainTimeout);
    }

    [Fact]
    public void Read_DurationsWithUnits_Taken()
    {
        var errors = new List<string>();

        var options = EdgeConfiguration.Read(Configuration([new("Edge:DrainTimeout", "45s"), new("Edge:RetryAfter", "2"), new("Edge:Enabled", "true")]), errors);

        Assert.Empty(errors);
        Assert.Equal(new EdgeDrainOptions { DrainTimeout = TimeSpan.FromSeconds(45), RetryAfter = TimeSpan.FromSeconds(2) }, options);
    }

    [Theory]
    [InlineData("Edge:DrainTimeout", "11m", "Edge:DrainTimeout is 00:11:00; set it between 0")]
    [InlineData("Edge:DrainTimeout", "soon", "is not a duration")]
    [InlineData("Edge:RetryAfter", "0", "Edge:RetryAfter is 00:00:00; set it between 1 second")]
    [InlineData("Edge:DrainTimout", "5", "DrainTimout")]
    public void Read_Bad_SaysWhichKeyAndHowToFixIt(string key, string value, string expected)
    {
        var errors = new List<string>();

        EdgeConfiguration.Read(Configuration([new(key, value)]), errors);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_DrainTimeoutTooLong_TheEdgeDoesNotStart()
    {
        var output = new StringWriter();

        var host = EdgeApplication.Build([], output, c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sip:Listeners:0"] = "udp:127.0.0.1:0",
            ["Edge:DrainTimeout"] = "1h",
        }));

        Assert.Null(host);
        Assert.Contains("Edge:DrainTimeout", output.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
