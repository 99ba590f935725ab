using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Configuration;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Cluster;

public sealed class ClusterConfigurationTests
{
    private const string Seed = "akka.tcp://orleanslb@127.0.0.1:4053";

    [Fact]
    public void Read_NoClusterSection_SingleNodeWithoutProblems()
    {
        var errors = new List<string>();

        var options = ClusterConfiguration.Read(Configuration(("Dispatcher:ListFile", "x")), errors);

        Assert.Null(options);
        Assert.Empty(errors);
    }

    [Fact]
    public void Read_SeedNodes_EdgeRoleWithTheSeedsAndDurations()
    {
        var errors = new List<string>();

        var options = ClusterConfiguration.Read(Configuration(("Cluster:SeedNodes:0", Seed), ("Cluster:StableAfter", "2s"), ("Cluster:ReportDelay", "40ms"), ("Cluster:Roles:0", "edge")), errors);

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal([ClusterOptions.EdgeRole], options.Roles);
        Assert.Equal([Seed], options.SeedNodes);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StableAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(40), options.ReportDelay);
    }

    [Fact]
    public void Read_EnabledWithoutSeeds_ClusterModeAndDisabledWithSeeds_SingleNode()
    {
        var errors = new List<string>();

        var enabled = ClusterConfiguration.Read(Configuration(("Cluster:Enabled", "true")), errors);
        var disabled = ClusterConfiguration.Read(Configuration(("Cluster:Enabled", "false"), ("Cluster:SeedNodes:0", Seed)), errors);

        Assert.Empty(errors);
        Assert.NotNull(enabled);
        Assert.Null(disabled);
    }

    [Fact]
    public void Read_BadValues_EveryProblemNamedByKey()
    {
        var errors = new List<string>();

        ClusterConfiguration.Read(
            Configuration(
                ("Cluster:SeedNodes:0", "tcp://elsewhere:1"),
                ("Cluster:Port", "70000"),
                ("Cluster:Roles:0", "silo"),
                ("Cluster:StableAfter", "soon"),
                ("Cluster:SplitBrain", "keep-majority")),
            errors);

        Assert.Contains(errors, e => e.StartsWith("Cluster:SeedNodes:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:Port:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:Roles:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:StableAfter:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:SplitBrain:", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
