using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// One single-node cluster (roles silo and edge in one actor system) shared by the grain tests,
/// with two edges' dispatcher states on it. Each test uses its own sets and Call-IDs.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    internal ClusterNode Node { get; private set; } = null!;

    internal ClusterDispatcherState Edge { get; private set; } = null!;

    internal ClusterDispatcherState OtherEdge { get; private set; } = null!;

    /// <summary>Set n (1..5) has two destinations <c>s{n}a</c> and <c>s{n}b</c>, each with <c>maxload=5</c>.</summary>
    internal static DispatcherSnapshot Seed { get; } = new(1, Enumerable.Range(1, 5).Select(n => DestinationSet.Create(n,
    [
        Destination($"sip:10.0.{n}.1:5060", $"duid=s{n}a;maxload=5"),
        Destination($"sip:10.0.{n}.2:5060", $"duid=s{n}b;maxload=5"),
    ])));

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ClusterOptions { Roles = [ClusterOptions.SiloRole, ClusterOptions.EdgeRole], GrainTimeout = TimeSpan.FromSeconds(5) };
        Node = await ClusterNode.StartAsync(options, timeout.Token);
        GrainTier.StartSilo(Node.System, Seed, new DispatcherOptions(), TimeProvider.System);
        Edge = await ClusterDispatcherState.StartAsync(Node.System, options, new DispatcherOptions().CallLoad, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
        OtherEdge = await ClusterDispatcherState.StartAsync(Node.System, options, new DispatcherOptions().CallLoad, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    internal static Destination Destination(string uri, string attrs)
    {
        Assert.True(DestinationAttributes.TryParse(attrs, out var attributes, out var error), error);
        return new Destination(uri, DestinationFlags.None, 0, attributes);
    }
}
