namespace OrleansLB.Client.Routing;

/// <summary>What a matching rule does: <see cref="DispatchAction"/> or <see cref="RejectAction"/>.</summary>
internal abstract record RoutingAction;
