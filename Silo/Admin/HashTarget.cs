namespace OrleansLB.Silo.Admin;

/// <summary>A destination a hash key lands on.</summary>
internal sealed record HashTarget(string Uri, string? Duid, string Flags);
