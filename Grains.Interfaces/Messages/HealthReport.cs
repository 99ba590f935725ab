namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>Something learnt about a destination's health, keyed by <see cref="Model.Destination.Key"/> (duid or URI) across every set that holds it.</summary>
public abstract record HealthReport(string DestinationKey);

/// <summary>A final reply to an OPTIONS probe, with its round trip.</summary>
public sealed record ProbeReplied(string DestinationKey, int StatusCode, TimeSpan RoundTrip) : HealthReport(DestinationKey);

/// <summary>An OPTIONS probe that got no final reply within the probe timeout.</summary>
public sealed record ProbeTimedOut(string DestinationKey) : HealthReport(DestinationKey);

/// <summary>A call to the destination failed with a failover code or a transaction timeout (Kamailio's <c>ds_mark_dst</c>).</summary>
public sealed record CallFailed(string DestinationKey, int StatusCode) : HealthReport(DestinationKey);
