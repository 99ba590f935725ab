namespace OrleansLB.Grains.Cluster;

/// <summary>Sets the keepalive switch through this silo's <see cref="PingActiveActor"/>; never leaves the node, so it has no wire format.</summary>
internal sealed record SetPingActive(bool Active);
