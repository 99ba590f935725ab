using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// An operator's <c>dispatcher.set_state</c> (or <c>set_duid_state</c>): the state bits
/// (<see cref="DestinationFlagsExtensions.StateMask"/>) that replace a destination's state, as
/// Kamailio's <c>ds_reinit_state</c> clears the state bits and sets the new ones.
/// </summary>
/// <param name="DestinationKey">The destination's duid or URI (case-insensitive); null for every destination of the set (<c>all</c>).</param>
internal sealed record AdminStateChange(int SetId, string? DestinationKey, DestinationFlags State)
{
    public bool IsAll => DestinationKey is null;

    public static AdminStateChange ForAll(int setId, DestinationFlags state) => new(setId, null, state);
}
