using Akka.Actor;

namespace OrleansLB.Grains.Cluster;

/// <summary>Akka's factory for the one <see cref="PingActiveSwitch"/> of an actor system.</summary>
internal sealed class PingActiveSwitchProvider : ExtensionIdProvider<PingActiveSwitch>
{
    public override PingActiveSwitch CreateExtension(ExtendedActorSystem system) => new(system);
}
