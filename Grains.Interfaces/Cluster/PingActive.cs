namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>
/// The cluster-wide keepalive switch (Kamailio's <c>dispatcher.ping_active</c>): false suspends
/// every edge's OPTIONS probing until it is set true again. Published on <see cref="Topic"/> on
/// every change and answered to <see cref="GetPingActive"/>.
/// </summary>
internal sealed record PingActive(bool Active)
{
    /// <summary>The distributed pub-sub topic that carries every change.</summary>
    public const string Topic = "ping-active";

    public static readonly PingActive On = new(true);

    public static readonly PingActive Off = new(false);

    public static PingActive Of(bool active) => active ? On : Off;
}
