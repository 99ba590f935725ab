using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>Starts the grain directory as a cluster singleton on the silos (Akka hands it over when its silo leaves or is downed).</summary>
internal static class GrainTier
{
    public const string SingletonName = "grains";

    /// <summary>How long a set or destination grain may stay idle before it is stopped.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    /// <param name="persistence">Where administrative changes are stored and what a reload reads; none: in memory only.</param>
    public static IActorRef StartSilo(ActorSystem system, DispatcherSnapshot seed, DispatcherOptions options, TimeProvider time, DispatcherPersistence? persistence = null) =>
        system.ActorOf(
            ClusterSingletonManager.Props(
                GrainDirectory.Props(seed, options, time, IdleTimeout, persistence ?? DispatcherPersistence.None),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(ClusterOptions.SiloRole)),
            SingletonName);
}
