namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Asks a destination-set grain for its current <see cref="SetSnapshot"/>.</summary>
internal sealed record GetSetSnapshot
{
    public static readonly GetSetSnapshot Instance = new();
}
