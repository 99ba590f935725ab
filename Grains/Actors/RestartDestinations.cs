namespace OrleansLB.Grains.Actors;

/// <summary>
/// Tells the directory to stop every live destination grain after sets gained or lost
/// destinations: a destination grain learns the sets that hold it when it activates, and its
/// health lives on in the set snapshots it is reactivated from.
/// </summary>
internal sealed record RestartDestinations
{
    public static readonly RestartDestinations Instance = new();
}
