namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Asks the grain directory which sets exist; the answer is <see cref="SetIds"/>.</summary>
internal sealed record GetSetIds
{
    public static readonly GetSetIds Instance = new();
}
