namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>Kamailio's <c>dispatcher.set_state</c>: <paramref name="State"/> is the state text (a, i, d, t, optionally followed by p).</summary>
/// <param name="Destination">A duid or URI (any case), or <c>all</c> for every destination of the set.</param>
internal sealed record AdminSetState(int SetId, string Destination, string State, string Actor) : AdminCommand(Actor)
{
    public const string All = "all";
}
