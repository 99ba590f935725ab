namespace OrleansLB.Silo.Admin;

/// <summary><c>hash</c>: which destination of the set a key maps to, per hash algorithm, with the placement the edges use (<c>Dispatcher:HashPlacement</c>).</summary>
internal sealed record HashResponse(int Set, string Key, string Placement, bool UserOnly, IReadOnlyList<HashResult> Algorithms);
