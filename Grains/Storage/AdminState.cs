using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>A stored administrative state: it replaces the configured state bits of the destination with this identity on every load and reload.</summary>
/// <param name="DestinationKey">The destination's identity (<see cref="Destination.Key"/>), compared case-insensitively.</param>
internal sealed record AdminState(int SetId, string DestinationKey, DestinationFlags State, DateTimeOffset UpdatedAt, string Actor);
