using Akka.Actor;

namespace OrleansLB.Grains.Observability;

/// <summary>Makes the one <see cref="GrainTierView"/> of an actor system.</summary>
internal sealed class GrainTierViewProvider : ExtensionIdProvider<GrainTierView>
{
    public override GrainTierView CreateExtension(ExtendedActorSystem system) => new();
}
