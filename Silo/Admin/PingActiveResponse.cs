namespace OrleansLB.Silo.Admin;

/// <summary>Whether the edges send OPTIONS probes (Kamailio's <c>dispatcher.ping_active</c> answer, 1 or 0).</summary>
internal sealed record PingActiveResponse(bool Active);
