namespace OrleansLB.Silo.Admin;

/// <summary>Where one hash algorithm puts the key: the destination, then the failover order; null with a <paramref name="Note"/> when it cannot place it.</summary>
/// <param name="Input">What the key stands for with this algorithm (Call-ID, From URI …).</param>
internal sealed record HashResult(int Algorithm, string Name, string Input, HashTarget? Destination, IReadOnlyList<HashTarget> Failover, string? Note);
