using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Kamailio's <c>dispatcher.ping_active</c> for the whole cluster: whether edges send OPTIONS
/// probes. One per actor system (an Akka extension), read by the prober before every round
/// (a volatile read). Silos hold the value in distributed data, so any silo answers and a silo
/// crash does not lose it; like Kamailio's switch it is not stored, so it is on again after every
/// silo has restarted. See <see cref="PingActiveActor"/> for how edges learn it.
/// </summary>
internal sealed class PingActiveSwitch : IExtension
{
    /// <summary>Where each node's <see cref="PingActiveActor"/> lives (silos register it with pub-sub under this path).</summary>
    public const string ActorPath = "/user/" + ActorName;

    private const string ActorName = "ping-active";

    private readonly IActorRef _actor;
    private volatile bool _active = true;

    public PingActiveSwitch(ExtendedActorSystem system)
    {
        var silo = Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(ClusterOptions.SiloRole);
        _actor = system.ActorOf(Props.Create(() => new PingActiveActor(this, silo)), ActorName);
    }

    /// <summary>Whether probing is on; true until a silo says otherwise.</summary>
    public bool IsActive => _active;

    public static PingActiveSwitch Get(ActorSystem system) =>
        system.WithExtension<PingActiveSwitch, PingActiveSwitchProvider>();

    /// <summary>Sets the switch for the cluster (on a silo only): written to the silos' replicas, then published to every node.</summary>
    public Task<PingActive> SetAsync(bool active, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _actor.Ask<PingActive>(new SetPingActive(active), timeout, cancellationToken);

    internal void Apply(bool active) => _active = active;
}
