namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>
/// A call's INVITE got no response at all from the destination (a transaction timeout or a
/// transport error) and the edge marks it down at once, without the failure threshold
/// (<c>Proxy:MarkDownOnTimeout</c>; a Kamailio script's <c>ds_mark_dst("ip")</c> in its failure route).
/// </summary>
public sealed record DestinationUnreachable(string DestinationKey) : HealthReport(DestinationKey);
