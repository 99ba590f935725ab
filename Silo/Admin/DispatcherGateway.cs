using Akka.Actor;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The admin API's way into the grain tier from this silo: sets from their grains (so a read
/// sees every change acknowledged before it), active calls from this silo's replica of the
/// call-load grain's table, changes through <see cref="AdminClient"/> (stored, applied, pushed),
/// and the <c>ping_active</c> switch. Clients are made once the silo has joined.
/// </summary>
internal sealed class DispatcherGateway(SiloService silo, ILogger<DispatcherGateway> logger)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private (ActorSystem System, GrainClient Grains, AdminClient Admin)? _clients;

    public ILogger Logger => logger;

    public AdminClient Admin => Clients.Admin;

    public PingActiveSwitch PingActive => PingActiveSwitch.Get(Clients.System);

    /// <summary>Every set, ascending by id.</summary>
    public async Task<IReadOnlyList<SetSnapshot>> ReadSetsAsync(CancellationToken cancellationToken)
    {
        var ids = await AskAsync(c => c.Grains.GetSetIdsAsync(cancellationToken)).ConfigureAwait(false);
        var sets = await Task.WhenAll(ids.Ids.Select(id => ReadKnownSetAsync(id, cancellationToken))).ConfigureAwait(false);
        return sets;
    }

    /// <summary>One set, or null when the grain tier knows no such set (asking its grain would create it empty).</summary>
    public async Task<SetSnapshot?> ReadSetAsync(int setId, CancellationToken cancellationToken)
    {
        var ids = await AskAsync(c => c.Grains.GetSetIdsAsync(cancellationToken)).ConfigureAwait(false);
        return ids.Ids.Contains(setId) ? await ReadKnownSetAsync(setId, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Active calls from this silo's replica (silos hold one each), so a read costs the call-load grain nothing.</summary>
    public async Task<CallCounts> ReadCallsAsync(CancellationToken cancellationToken)
    {
        var replicator = DistributedData.Get(Clients.System).Replicator;
        var calls = await AskAsync(_ => CallReplica.ReadLocalAsync(replicator, ReadTimeout, cancellationToken)).ConfigureAwait(false);
        return new CallCounts(calls.Select(e => e.Value));
    }

    /// <summary>Runs an administrative command; a grain tier that does not answer is a 503, not a failure of the command.</summary>
    public Task<AdminResult> RunAsync(Func<AdminClient, Task<AdminResult>> command) =>
        AskAsync(c => command(c.Admin));

    private Task<SetSnapshot> ReadKnownSetAsync(int setId, CancellationToken cancellationToken) =>
        AskAsync(c => c.Grains.AskAsync<SetSnapshot>(GrainType.DestinationSet, GrainDirectory.SetKey(setId), GetSetSnapshot.Instance, cancellationToken));

    private (ActorSystem System, GrainClient Grains, AdminClient Admin) Clients
    {
        get
        {
            lock (_lock)
            {
                if (_clients is null)
                {
                    var node = silo.Node ?? throw new GrainTierUnavailableException("The silo has not joined the cluster yet; try again in a moment.");
                    var grains = GrainClient.Create(node.System, ReadTimeout);
                    _clients = (node.System, grains, AdminClient.Create(node.System));
                }

                return _clients.Value;
            }
        }
    }

    private async Task<T> AskAsync<T>(Func<(ActorSystem System, GrainClient Grains, AdminClient Admin), Task<T>> ask)
    {
        try
        {
            return await ask(Clients).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new GrainTierUnavailableException("The grain tier did not answer in time; the change may still be applied, so read the sets before repeating it.", e);
        }
    }
}
