using Akka.Actor;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Administrative operations on the grain tier from any node (the admin API, tests): each is
/// stored, then applied and pushed to every edge before the answer comes. Failures are
/// answered, never thrown, except when the grain tier does not answer at all.
/// </summary>
internal sealed class AdminClient(GrainClient grains)
{
    /// <summary>Room for a store write and a push; administrative commands are rare.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static AdminClient Create(ActorSystem system, TimeSpan? timeout = null) =>
        new(GrainClient.Create(system, timeout ?? DefaultTimeout));

    /// <summary>Kamailio's <c>dispatcher.set_state</c>: <paramref name="state"/> is a, i, d or t, optionally followed by p.</summary>
    /// <param name="destination">A duid or URI, or <c>all</c>.</param>
    public Task<AdminResult> SetStateAsync(int setId, string destination, string state, string actor, CancellationToken cancellationToken = default) =>
        SendAsync(new AdminSetState(setId, destination, state, actor), cancellationToken);

    public Task<AdminResult> AddAsync(int setId, Destination destination, string actor, CancellationToken cancellationToken = default) =>
        SendAsync(new AdminAddDestination(setId, destination, actor), cancellationToken);

    public Task<AdminResult> RemoveAsync(int setId, string destination, string actor, CancellationToken cancellationToken = default) =>
        SendAsync(new AdminRemoveDestination(setId, destination, actor), cancellationToken);

    public Task<AdminResult> ReloadAsync(string actor, CancellationToken cancellationToken = default) =>
        SendAsync(new AdminReload(actor), cancellationToken);

    private Task<AdminResult> SendAsync(AdminCommand command, CancellationToken cancellationToken) =>
        grains.AskDirectoryAsync<AdminResult>(command, cancellationToken);
}
