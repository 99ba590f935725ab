using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// Where administrative changes are written and what a reload reads: the store (null: changes
/// live in memory only) and the list file (null: reload reads the store).
/// </summary>
internal sealed record DispatcherPersistence(IDispatcherStore? Store, string? ListFile, DispatcherListLoadMode LoadMode = DispatcherListLoadMode.Strict)
{
    /// <summary>The actor recorded when a reload writes the list file into the store.</summary>
    public const string ListActor = "dispatcher.list";

    public static readonly DispatcherPersistence None = new(null, null);

    /// <summary>
    /// The sets a silo starts with: a list read from the file is written to the store first;
    /// then the store is read back, administrative states laid over, so the store is the truth.
    /// </summary>
    public async Task<DispatcherSnapshot> LoadAtStartAsync(DispatcherSnapshot? list, CancellationToken cancellationToken)
    {
        if (Store is null)
        {
            return list ?? DispatcherSnapshot.Empty;
        }

        if (list is not null)
        {
            await Store.ReplaceSetsAsync(list, ListActor, cancellationToken).ConfigureAwait(false);
        }

        return (await Store.LoadAsync(cancellationToken).ConfigureAwait(false)).Snapshot;
    }

    /// <summary>The configuration a reload applies and the administrative states to lay over it; an error when there is nothing to read or the list is bad.</summary>
    public async Task<(DispatcherSnapshot? Incoming, IReadOnlyCollection<AdminState> States, string? Error)> ReadForReloadAsync(CancellationToken cancellationToken)
    {
        if (ListFile is not null)
        {
            var list = DispatcherListReader.ReadFile(ListFile, LoadMode);
            if (!list.Succeeded)
            {
                return (null, [], $"{ListFile}: {string.Join("; ", list.Errors.Where(e => !e.IsWarning))}");
            }

            if (Store is null)
            {
                return (list.Snapshot, [], null);
            }

            await Store.ReplaceSetsAsync(list.Snapshot, ListActor, cancellationToken).ConfigureAwait(false);
            var stored = await Store.LoadAsync(cancellationToken).ConfigureAwait(false);
            return (list.Snapshot, stored.AdminStates, null);
        }

        if (Store is null)
        {
            return (null, [], "Nothing to reload from: no list file and no store.");
        }

        var contents = await Store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return (contents.Snapshot, contents.AdminStates, null);
    }
}
