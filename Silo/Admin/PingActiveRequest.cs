namespace OrleansLB.Silo.Admin;

/// <summary><c>dispatcher.ping_active 0|1</c>: whether the edges send OPTIONS probes.</summary>
internal sealed record PingActiveRequest(bool? Active);
