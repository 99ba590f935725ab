using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Silo;

/// <summary>Runs this process's cluster node with role silo and the grain directory singleton on it; leaves the cluster on stop.</summary>
internal sealed partial class SiloService(SiloSettings settings, TimeProvider time, ILogger<SiloService> logger) : IHostedService
{
    private ClusterNode? _node;

    public ClusterNode? Node => _node;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _node = await ClusterNode.StartAsync(settings.Cluster, cancellationToken).ConfigureAwait(false);
        GrainTier.StartSilo(_node.System, settings.Seed, settings.Dispatcher, time);
        LogStarted(logger, _node.Address.ToString(), settings.Seed.Sets.Length);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo up at {Address} with {SetCount} set(s)")]
    private static partial void LogStarted(ILogger logger, string address, int setCount);
}
