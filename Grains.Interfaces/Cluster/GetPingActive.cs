namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Asks a silo whether destinations are probed (Kamailio's <c>dispatcher.ping_active</c>); the answer is a <see cref="PingActive"/>.</summary>
internal sealed record GetPingActive
{
    public static readonly GetPingActive Instance = new();
}
