namespace OrleansLB.Silo.Admin;

/// <summary><c>dispatcher.list</c>: every set in ascending id order.</summary>
internal sealed record DispatcherListResponse(IReadOnlyList<SetView> Sets);
