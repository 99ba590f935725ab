namespace OrleansLB.Client.Routing;

/// <summary>A built table, or every error that kept it from being built, each starting with its configuration key.</summary>
internal sealed record RoutingTableResult(RoutingTable? Table, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Table is not null;
}
