using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Hosting;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Observability;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo;

/// <summary>
/// Opens and migrates the store, writes the list file into it (when there is one) and seeds the
/// grains from what the store then holds, so administrative states survive restarts; runs this
/// process's cluster node with role silo and the grain directory singleton; leaves the cluster on stop.
/// </summary>
internal sealed partial class SiloService(SiloSettings settings, TimeProvider time, ILogger<SiloService> logger, SharedClusterNode? shared = null, GrainMetrics? metrics = null, ILoggerFactory? loggerFactory = null) : IHostedService
{
    private ClusterNode? _node;

    public ClusterNode? Node => _node;

    public IDispatcherStore? Store { get; private set; }

    public SiloSettings Settings => settings;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = await AdoNetDispatcherStore.OpenAsync(settings.Storage, time, cancellationToken).ConfigureAwait(false);
        Store = store;
        var persistence = new DispatcherPersistence(store, settings.Seed is null ? null : settings.Dispatcher.ListFile, settings.Dispatcher.LoadMode);
        var seed = await persistence.LoadAtStartAsync(settings.Seed, cancellationToken).ConfigureAwait(false);
        _node = await ClusterNode.StartAsync(settings.Cluster, loggerFactory, cancellationToken).ConfigureAwait(false);
        metrics?.Attach(_node.System);
        GrainTier.StartSilo(_node.System, seed, settings.Dispatcher, time, persistence);
        if (shared is not null)
        {
            shared.Node = _node;
        }

        LogStarted(logger, _node.Address.ToString(), seed.Sets.Length, settings.Storage.Provider.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo up at {Address} with {SetCount} set(s) from the {Provider} store")]
    private static partial void LogStarted(ILogger logger, string address, int setCount, string provider);
}
