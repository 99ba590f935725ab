namespace OrleansLB.Grains.Storage;

/// <summary>A routing rule as stored: its unique name and its JSON text, which only the routing layer interprets.</summary>
internal sealed record RoutingRuleRecord(string Name, string Json);
