using OrleansLB.Client.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// Cluster mode: joins the grain tier as a member with role <c>edge</c> and serves the
/// <see cref="ClusterDispatcherState"/> as this edge's <see cref="IDispatcherState"/>; leaves
/// the cluster on stop. Registered before the SIP service, so the host starts it first and stops
/// it last: no request reaches the state before the node is up, none after it left.
/// </summary>
/// <remarks>
/// The host builds every hosted service (the proxy and the prober take the state in their
/// constructors) before it starts any, and joining is asynchronous, so this forwards to the state
/// once started; until then the edge's own list is the snapshot.
/// </remarks>
internal sealed partial class EdgeClusterService(EdgeSettings settings, TimeProvider time, ILogger<EdgeClusterService> logger, SharedClusterNode? shared = null, ILoggerFactory? loggerFactory = null) : IHostedService, IDispatcherState, IProbeLeadership, IClusterStateObserver
{
    private ClusterNode? _node;
    private OldestEdgeLeadership? _leadership;
    private ClusterDispatcherState? _state;

    public ClusterNode? Node => _node;

    public ClusterDispatcherState? State => _state;

    public DispatcherSnapshot Snapshot => _state?.Snapshot ?? settings.Snapshot;

    /// <summary>Whether this edge probes for the cluster: the oldest Up edge does, while <c>ping_active</c> is on; none before the node has joined.</summary>
    public bool IsLeader => (_leadership?.IsLeader ?? false) && PingActiveSwitch.Get(_node!.System).IsActive;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = settings.Cluster ?? throw new InvalidOperationException("The edge has no Cluster section.");
        _node = shared?.Node ?? await ClusterNode.StartAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        _leadership = new OldestEdgeLeadership(_node.Cluster);
        _ = PingActiveSwitch.Get(_node.System);
        _state = await ClusterDispatcherState.StartAsync(_node.System, options, settings.Dispatcher.CallLoad, settings.Snapshot, time, cancellationToken, this).ConfigureAwait(false);
        LogJoined(logger, _node.Address.ToString(), string.Join(", ", options.SeedNodes), _state.IsDegraded);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null && _node != shared?.Node)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
            LogLeft(logger, _node.Address.ToString());
        }
    }

    public ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default) =>
        Started.SelectByCallLoadAsync(setId, callId, limit, cancellationToken);

    public ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default) =>
        Started.ReportCallAsync(report, cancellationToken);

    public void ReportCall(CallReport report) => Started.ReportCall(report);

    public ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default) =>
        Started.ReportHealthAsync(report, cancellationToken);

    void IClusterStateObserver.SetApplied(int setId, long version, long epoch) => LogApplied(logger, setId, version, epoch);

    void IClusterStateObserver.CountingAlone() => LogCountingAlone(logger);

    void IClusterStateObserver.Reconciled(int callsHandedOver, int callsEnded) => LogReconciled(logger, callsHandedOver, callsEnded);

    private ClusterDispatcherState Started => _state ?? throw new InvalidOperationException("The edge has not joined the cluster yet.");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Edge joined the cluster at {Address} (seeds {Seeds}); counting alone until the grains answer: {Degraded}")]
    private static partial void LogJoined(ILogger logger, string address, string seeds, bool degraded);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Edge {Address} left the cluster")]
    private static partial void LogLeft(ILogger logger, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dispatching from set {SetId} version {Version} of epoch {Epoch}")]
    private static partial void LogApplied(ILogger logger, int setId, long version, long epoch);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The grain tier did not answer in time: this edge selects and counts calls alone until it does")]
    private static partial void LogCountingAlone(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "The grain tier answers again: {Calls} call(s) counted alone handed over, {Ended} call end(s) passed on")]
    private static partial void LogReconciled(ILogger logger, int calls, int ended);
}
