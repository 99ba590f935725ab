using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>An operator's state for a destination grain, so its next probe result starts from it (same node: never serialised).</summary>
internal sealed record SetAdminHealth(DestinationFlags StateBits);
