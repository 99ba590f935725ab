using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Sends to a grain by type and key through a proxy of the grain-directory singleton; the proxy
/// finds the silo that hosts it and buffers while it moves.
/// </summary>
internal sealed class GrainClient(IActorRef proxy, TimeSpan timeout)
{
    /// <summary>Where <c>GrainTier.StartSilo</c> puts the singleton manager.</summary>
    public const string SingletonPath = "/user/grains";

    public TimeSpan Timeout => timeout;

    public static GrainClient Create(ActorSystem system, TimeSpan timeout) =>
        new(system.ActorOf(ClusterSingletonProxy.Props(SingletonPath, ClusterSingletonProxySettings.Create(system).WithRole(ClusterOptions.SiloRole))), timeout);

    /// <summary>Asks a grain; an <see cref="AskTimeoutException"/> when no answer comes within the timeout.</summary>
    public Task<T> AskAsync<T>(GrainType type, string key, object message, CancellationToken cancellationToken = default) =>
        proxy.Ask<T>(new GrainEnvelope(type, key, message), timeout, cancellationToken);

    /// <summary>Tells a grain; its answer, if any, goes to <paramref name="sender"/>.</summary>
    public void Tell(GrainType type, string key, object message, IActorRef? sender = null) =>
        proxy.Tell(new GrainEnvelope(type, key, message), sender ?? ActorRefs.NoSender);

    /// <summary>Asks the grain directory itself (set ids, administrative commands).</summary>
    public Task<T> AskDirectoryAsync<T>(object message, CancellationToken cancellationToken = default) =>
        proxy.Ask<T>(message, timeout, cancellationToken);

    public Task<SetIds> GetSetIdsAsync(CancellationToken cancellationToken = default) =>
        proxy.Ask<SetIds>(GetSetIds.Instance, timeout, cancellationToken);
}
