namespace OrleansLB.Grains.Actors;

/// <summary>The directory's answer to <see cref="Passivate"/>: it comes after every message the directory already forwarded, so none is lost.</summary>
internal sealed record StopGrain
{
    public static readonly StopGrain Instance = new();
}
