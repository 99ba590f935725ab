using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>Appends a destination to a set (creating the set), as if it were the last line of the list for that set.</summary>
internal sealed record AdminAddDestination(int SetId, Destination Destination, string Actor) : AdminCommand(Actor);
