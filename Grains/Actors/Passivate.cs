namespace OrleansLB.Grains.Actors;

/// <summary>A grain idle for its timeout asks the directory to stop it; the directory holds new messages for it meanwhile.</summary>
internal sealed record Passivate
{
    public static readonly Passivate Instance = new();
}
