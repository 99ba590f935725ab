using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

/// <summary>
/// The health facts of one destination: its flags and latency (as in <see cref="Destination"/>)
/// and the counters that Kamailio keeps in one field (<c>probing_count</c>, formerly
/// <c>message_count</c>): failures in a row while not Inactive, successes in a row while Inactive.
/// At most one counter is non-zero.
/// </summary>
internal sealed record DestinationHealth(
    DestinationFlags Flags,
    int FailureCount,
    int SuccessCount,
    LatencyStats Latency)
{
    /// <summary>A destination as loaded: its flags and latency, counters at zero.</summary>
    public static DestinationHealth From(Destination destination) =>
        new(destination.Flags, 0, 0, destination.Latency);

    /// <summary>The destination with these flags and latency.</summary>
    public Destination ApplyTo(Destination destination) =>
        destination.Flags == Flags && destination.Latency == Latency
            ? destination
            : destination with { Flags = Flags, Latency = Latency };

    public bool Has(DestinationFlags flag) => (Flags & flag) != 0;
}
