using Akka.Cluster.Tools.Singleton;

namespace OrleansLB.Grains.Cluster;

public sealed class ClusterOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new ClusterOptions().Validate());

    [Fact]
    public void Validate_EverythingWrong_NamesEveryKey()
    {
        var options = new ClusterOptions
        {
            SystemName = "bad name",
            Hostname = "",
            Port = 70000,
            SeedNodes = ["http://x"],
            Roles = ["worker"],
            SplitBrainStrategy = "lease-majority",
            StableAfter = TimeSpan.Zero,
            DownRemovalMargin = TimeSpan.FromSeconds(-1),
            AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(500),
            GrainTimeout = TimeSpan.Zero,
            ReportDelay = TimeSpan.Zero,
        };

        var errors = options.Validate();

        foreach (var key in new[] { "SystemName", "Hostname", "Port", "SeedNodes", "Roles", "SplitBrainStrategy", "StableAfter", "DownRemovalMargin", "AcceptableHeartbeatPause", "GrainTimeout", "ReportDelay" })
        {
            Assert.Contains(errors, e => e.StartsWith($"Cluster:{key}:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_ReportDelayNotBelowGrainTimeout_Error() =>
        Assert.Contains("Cluster:ReportDelay:", Assert.Single(new ClusterOptions { ReportDelay = TimeSpan.FromSeconds(1) }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_SeedOfAnotherSystem_Error() =>
        Assert.Single(new ClusterOptions { SeedNodes = ["akka.tcp://other@127.0.0.1:4053"] }.Validate());

    [Fact]
    public void Validate_StaticQuorumWithoutSize_Error() =>
        Assert.Contains("QuorumSize", Assert.Single(new ClusterOptions { SplitBrainStrategy = "static-quorum" }.Validate()));

    [Fact]
    public void Build_Options_ConfiguresSplitBrainResolverAndSerializer()
    {
        var config = ClusterHocon.Build(new ClusterOptions { Roles = ["silo", "edge"], StableAfter = TimeSpan.FromSeconds(3) });

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("silo", config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(["silo", "edge"], config.GetStringList("akka.cluster.roles"));
        Assert.False(config.WithFallback(ClusterSingletonProxy.DefaultConfig()).GetBoolean("akka.cluster.singleton-proxy.log-singleton-identification-failure"));
        Assert.Equal("orleanslb", config.GetString("akka.actor.serialization-bindings.\"OrleansLB.Grains.Interfaces.Messages.CallStarted, OrleansLB.Grains.Interfaces\""));
    }
}
