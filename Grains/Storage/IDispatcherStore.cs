using System.Collections.Immutable;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// Durable dispatcher configuration: sets and destinations in written order, the
/// administrative states operators set, routing rules (opaque JSON) and an audit of every
/// change. Each change runs in one transaction with its audit row. Actors are the names the
/// admin API records (a user, a token name, <c>dispatcher.list</c>).
/// </summary>
internal interface IDispatcherStore
{
    /// <summary>Creates or upgrades the schema; returns the number of scripts applied. Safe when several processes start at once.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection and runs a trivial query: whether the store answers now (silo readiness).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Sets (administrative states applied), the administrative states themselves and the routing rules, from one consistent read.</summary>
    Task<DispatcherStoreContents> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every set with a list read from <c>dispatcher.list</c> and returns the
    /// difference by destination identity. Administrative states of destinations that left
    /// the list are dropped; those of destinations that stay are kept.
    /// </summary>
    Task<DispatcherDiff> ReplaceSetsAsync(DispatcherSnapshot configured, string actor, CancellationToken cancellationToken);

    /// <summary>Appends a destination to a set (creating the set); false when the set already has a destination with its identity.</summary>
    Task<bool> AddDestinationAsync(int setId, Destination destination, string actor, CancellationToken cancellationToken);

    /// <summary>Removes the destinations of a set whose duid or URI is <paramref name="destinationKey"/>; returns how many. A set left empty goes.</summary>
    Task<int> RemoveDestinationAsync(int setId, string destinationKey, string actor, CancellationToken cancellationToken);

    /// <summary>Records a <c>set_state</c>; returns how many destinations it matched (0: nothing recorded, as Kamailio answers "not found").</summary>
    Task<int> RecordAdminStateAsync(AdminStateChange change, string actor, CancellationToken cancellationToken);

    /// <summary>Stores a routing rule's JSON under its name: a new name goes last, a known one keeps its place.</summary>
    Task SaveRoutingRuleAsync(RoutingRuleRecord rule, string actor, CancellationToken cancellationToken);

    /// <summary>Replaces every routing rule with these, in this order.</summary>
    Task ReplaceRoutingRulesAsync(IReadOnlyList<RoutingRuleRecord> rules, string actor, CancellationToken cancellationToken);

    Task<bool> DeleteRoutingRuleAsync(string name, string actor, CancellationToken cancellationToken);

    Task<ImmutableArray<RoutingRuleRecord>> ListRoutingRulesAsync(CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> audit entries, newest first.</summary>
    Task<ImmutableArray<AdminAuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken);
}
