using System.Collections.Immutable;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>Everything a node needs at start, read in one consistent transaction.</summary>
/// <param name="Snapshot">The stored sets in Kamailio order, administrative states already applied.</param>
/// <param name="AdminStates">The administrative states, for <see cref="DispatcherReconciler"/> to lay over a list read from a file.</param>
/// <param name="RoutingRules">The routing rules in their stored order.</param>
internal sealed record DispatcherStoreContents(
    DispatcherSnapshot Snapshot,
    ImmutableArray<AdminState> AdminStates,
    ImmutableArray<RoutingRuleRecord> RoutingRules);
