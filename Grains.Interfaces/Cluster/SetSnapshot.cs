using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>
/// One set as its grain holds it. <paramref name="Epoch"/> names the incarnation of the grain tier
/// that produced it (a new one after a silo takes over); <paramref name="Version"/> grows with every
/// change within an epoch. An edge takes a snapshot from another epoch, or a higher version.
/// </summary>
internal sealed record SetSnapshot(long Epoch, long Version, DestinationSet Set)
{
    public bool Supersedes(SetSnapshot? current) =>
        current is null || current.Epoch != Epoch || Version > current.Version;
}
