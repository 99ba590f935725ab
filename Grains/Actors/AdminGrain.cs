using Akka.Actor;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// Runs administrative commands one at a time for the directory (its parent): each is written
/// to the store first, so a crash cannot lose an acknowledged change, then applied by the set
/// grains, which push the new snapshots to every edge.
/// </summary>
/// <remarks>
/// One command at a time (<c>ReceiveAsync</c> holds the mailbox until it is done) keeps the
/// store and the grains in the same order of changes.
/// </remarks>
internal sealed class AdminGrain : ReceiveActor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly DispatcherPersistence _persistence;

    public AdminGrain(DispatcherPersistence persistence)
    {
        _persistence = persistence;
        ReceiveAsync<AdminSetState>(c => Answer(SetStateAsync(c)));
        ReceiveAsync<AdminAddDestination>(c => Answer(AddAsync(c)));
        ReceiveAsync<AdminRemoveDestination>(c => Answer(RemoveAsync(c)));
        ReceiveAsync<AdminReload>(c => Answer(ReloadAsync(c)));
    }

    private IDispatcherStore? Store => _persistence.Store;

    private async Task Answer(Task<AdminResult> work)
    {
        var sender = Sender;
        AdminResult result;
        try
        {
            result = await work.ConfigureAwait(true);
        }
        catch (Exception e)
        {
            result = AdminResult.Failed($"The change was not made: {e.Message}");
        }

        sender.Tell(result);
    }

    private async Task<AdminResult> SetStateAsync(AdminSetState command)
    {
        if (!StateText.TryParse(command.State, out var bits, out var error))
        {
            return AdminResult.Failed(error!);
        }

        if (await UnknownSetAsync(command.SetId).ConfigureAwait(true) is { } unknown)
        {
            return unknown;
        }

        var key = string.Equals(command.Destination, AdminSetState.All, StringComparison.OrdinalIgnoreCase) ? null : command.Destination;
        var notFound = $"Set {command.SetId} has no destination '{command.Destination}'.";
        if (Store is not null
            && await Store.RecordAdminStateAsync(new AdminStateChange(command.SetId, key, bits), command.Actor, CancellationToken.None).ConfigureAwait(true) == 0)
        {
            return AdminResult.Failed(notFound);
        }

        var keys = new List<string>();
        var result = await ApplyAsync(command.SetId, new ApplyAdmin(set => SetState(set, key, bits, keys), notFound)).ConfigureAwait(true);
        foreach (var k in keys)
        {
            Context.Parent.Tell(new GrainEnvelope(GrainType.Destination, k, new SetAdminHealth(bits)));
        }

        return result;
    }

    private async Task<AdminResult> AddAsync(AdminAddDestination command)
    {
        var key = command.Destination.Key;
        var duplicate = $"Set {command.SetId} already has destination '{key}'.";
        if (Store is not null
            && !await Store.AddDestinationAsync(command.SetId, command.Destination, command.Actor, CancellationToken.None).ConfigureAwait(true))
        {
            return AdminResult.Failed(duplicate);
        }

        var result = await ApplyAsync(command.SetId, new ApplyAdmin(
            set => set.IndexOf(key) >= 0 ? (null, 0) : (DestinationSet.Create(set.SetId, set.InWrittenOrder().Append(command.Destination)), 1),
            duplicate)).ConfigureAwait(true);
        Context.Parent.Tell(RestartDestinations.Instance);
        return result;
    }

    private async Task<AdminResult> RemoveAsync(AdminRemoveDestination command)
    {
        if (await UnknownSetAsync(command.SetId).ConfigureAwait(true) is { } unknown)
        {
            return unknown;
        }

        var notFound = $"Set {command.SetId} has no destination '{command.Destination}'.";
        if (Store is not null
            && await Store.RemoveDestinationAsync(command.SetId, command.Destination, command.Actor, CancellationToken.None).ConfigureAwait(true) == 0)
        {
            return AdminResult.Failed(notFound);
        }

        var result = await ApplyAsync(command.SetId, new ApplyAdmin(set =>
        {
            var kept = set.InWrittenOrder().Where(d => !string.Equals(d.Key, command.Destination, StringComparison.OrdinalIgnoreCase)).ToList();
            var removed = set.Count - kept.Count;
            return removed == 0 ? (null, 0) : (DestinationSet.Create(set.SetId, kept), removed);
        }, notFound)).ConfigureAwait(true);
        Context.Parent.Tell(RestartDestinations.Instance);
        return result;
    }

    private async Task<AdminResult> ReloadAsync(AdminReload command)
    {
        var (incoming, states, error) = await _persistence.ReadForReloadAsync(CancellationToken.None).ConfigureAwait(true);
        if (incoming is null)
        {
            return AdminResult.Failed(error!);
        }

        var current = await Context.Parent.Ask<SetIds>(GetSetIds.Instance, Timeout).ConfigureAwait(true);
        var total = 0;
        foreach (var setId in current.Ids.Union(incoming.Sets.Select(s => s.SetId)).Order())
        {
            var next = incoming.TryGetSet(setId, out var s) ? new DispatcherSnapshot(0, [s]) : DispatcherSnapshot.Empty;
            var result = await ApplyAsync(setId, new ApplyAdmin(set =>
            {
                var merged = DispatcherReconciler.Reconcile(new DispatcherSnapshot(0, [set]), next, states).Snapshot;
                var reloaded = merged.TryGetSet(setId, out var r) ? r : DestinationSet.Create(setId, []);
                return (reloaded, reloaded.Count);
            }, string.Empty)).ConfigureAwait(true);
            total += result.Matched;
        }

        Context.Parent.Tell(RestartDestinations.Instance);
        return AdminResult.Ok(total);
    }

    private async Task<AdminResult?> UnknownSetAsync(int setId)
    {
        var ids = await Context.Parent.Ask<SetIds>(GetSetIds.Instance, Timeout).ConfigureAwait(true);
        return ids.Ids.Contains(setId) ? null : AdminResult.Failed($"Unknown set {setId}.");
    }

    private Task<AdminResult> ApplyAsync(int setId, ApplyAdmin change) =>
        Context.Parent.Ask<AdminResult>(new GrainEnvelope(GrainType.DestinationSet, GrainDirectory.SetKey(setId), change), Timeout);

    private static (DestinationSet? Set, int Matched) SetState(DestinationSet set, string? key, DestinationFlags bits, List<string> keys)
    {
        var result = set;
        for (var i = 0; i < set.Count; i++)
        {
            var entry = set[i];
            if (key is not null && !string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            keys.Add(entry.Key);
            var flags = (entry.Flags & ~DestinationFlagsExtensions.StateMask) | bits;
            if (flags != entry.Flags)
            {
                // Same priority, so the index stays valid.
                result = result.With(i, entry with { Flags = flags });
            }
        }

        return keys.Count == 0 ? (null, 0) : (result, keys.Count);
    }
}
