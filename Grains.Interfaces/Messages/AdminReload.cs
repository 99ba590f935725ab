namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>Kamailio's <c>dispatcher.reload</c>: re-reads the list file (or the store) and applies the difference by destination identity.</summary>
internal sealed record AdminReload(string Actor) : AdminCommand(Actor);
