namespace OrleansLB.Silo.Admin;

/// <summary><c>dispatcher.reload</c>: how many destinations the sets now hold, and which came and went (by identity).</summary>
internal sealed record ReloadResponse(int Destinations, IReadOnlyList<DestinationRef> Added, IReadOnlyList<DestinationRef> Removed);
