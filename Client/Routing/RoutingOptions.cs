namespace OrleansLB.Client.Routing;

/// <summary>
/// The <c>Routing</c> configuration section as written. Values stay text so that binding never
/// stops at the first bad one: <see cref="RoutingTableBuilder"/> reads them and reports every
/// mistake by its key. <see cref="RoutingTable"/> is the checked form.
/// </summary>
internal sealed record RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>The rules, tried in order; the first that matches decides.</summary>
    public IReadOnlyList<RoutingRuleOptions> Rules { get; init; } = [];

    /// <summary>The final response (300-699) for a request no rule matches; 403 when not set.</summary>
    public string? NoMatchCode { get; init; }

    /// <summary>Its reason phrase; "Forbidden" when neither this nor <see cref="NoMatchCode"/> is set.</summary>
    public string? NoMatchReason { get; init; }
}
