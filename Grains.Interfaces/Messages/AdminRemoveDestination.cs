namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>Removes the destinations of a set whose duid or URI (any case) is <paramref name="Destination"/>.</summary>
internal sealed record AdminRemoveDestination(int SetId, string Destination, string Actor) : AdminCommand(Actor);
