using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// One node of the cluster: the actor system, joined to the seeds (or to itself when it has
/// none), left gracefully through Akka's coordinated shutdown when stopped.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private ClusterNode(ClusterOptions options, ActorSystem system)
    {
        Options = options;
        System = system;
        Cluster = Akka.Cluster.Cluster.Get(system);
    }

    public ClusterOptions Options { get; }

    public ActorSystem System { get; }

    public Akka.Cluster.Cluster Cluster { get; }

    /// <summary>The address other nodes reach this one at (with the port the OS chose when <see cref="ClusterOptions.Port"/> is 0).</summary>
    public Address Address => Cluster.SelfAddress;

    /// <summary>The members this node sees now.</summary>
    public IReadOnlyCollection<Member> Members => Cluster.State.Members;

    /// <summary>Starts the actor system and joins; completes when this node is Up.</summary>
    public static Task<ClusterNode> StartAsync(ClusterOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, loggerFactory: null, cancellationToken);

    /// <summary>Starts the actor system, its log written through <paramref name="loggerFactory"/> when given, and joins; completes when this node is Up.</summary>
    public static async Task<ClusterNode> StartAsync(ClusterOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var config = ClusterHocon.Build(options);
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config));
        if (loggerFactory is not null)
        {
            // Akka's own start-up lines go to stdout until its loggers run: silence them so a JSON log stays JSON.
            var bridged = ConfigurationFactory.ParseString($"akka.loggers = [\"{typeof(AkkaLoggerBridge).FullName}, {typeof(AkkaLoggerBridge).Assembly.GetName().Name}\"]\nakka.stdout-loglevel = OFF");
            setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(bridged.WithFallback(config)), new LoggerFactorySetup(loggerFactory));
        }

        var system = ActorSystem.Create(options.SystemName, setup);

        // Every node starts distributed data and pub-sub at once, not on first use: their
        // serializers are registered when the extension starts, and a node without them cannot
        // read the others' gossip ("no serializer with id 12", or 9 for pub-sub until the
        // ping-active switch starts), so a silo that never hosted the grains could not take over
        // their call counts.
        _ = DistributedData.Get(system);
        _ = DistributedPubSub.Get(system);

        // Before joining: the directory pushes every set to an edge as soon as it sees it Up.
        if (options.HasRole(ClusterOptions.EdgeRole))
        {
            system.ActorOf(Props.Create<SnapshotHub>(), GrainKeys.SnapshotHub);
        }

        var node = new ClusterNode(options, system);
        try
        {
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node.Cluster.RegisterOnMemberUp(() => up.TrySetResult());
            var seeds = options.SeedNodes.Select(Address.Parse).ToList();
            node.Cluster.JoinSeedNodes(seeds.Count > 0 ? seeds : [node.Address]);
            await up.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Leaves the cluster (handing singletons over) and terminates the actor system.</summary>
    public Task StopAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await System.WhenTerminated.ConfigureAwait(false);
    }
}
