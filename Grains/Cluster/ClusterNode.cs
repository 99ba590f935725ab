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
        // Distributed data's serializers are known to every node from the start; its replicator runs on silos alone.
        var config = ClusterHocon.Build(options).WithFallback(DistributedData.DefaultConfig());
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config));
        if (loggerFactory is not null)
        {
            // Akka's own start-up lines go to stdout until its loggers run: silence them so a JSON log stays JSON.
            var bridged = ConfigurationFactory.ParseString($"akka.loggers = [\"{typeof(AkkaLoggerBridge).FullName}, {typeof(AkkaLoggerBridge).Assembly.GetName().Name}\"]\nakka.stdout-loglevel = OFF");
            setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(bridged.WithFallback(config)), new LoggerFactorySetup(loggerFactory));
        }

        var system = ActorSystem.Create(options.SystemName, setup);

        // Distributed data (on silos) and pub-sub start at once, not on first use: a silo that never
        // hosted the grains must hold their replicated call counts to take them over, and a node
        // reads pub-sub's gossip only once its serializer is registered ("no serializer with id 9").
        // On an edge distributed data would only warn that its replicator points to dead letters.
        if (options.HasRole(ClusterOptions.SiloRole))
        {
            _ = DistributedData.Get(system);
        }

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
