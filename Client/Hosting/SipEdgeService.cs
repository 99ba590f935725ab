using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// Runs the SIP stack: binds the listeners, then puts the ingress guard (rate limiting, scanners),
/// the transaction layer and the proxy behind them. Stopping drains first (<see cref="EdgeDrainOptions"/>):
/// new out-of-dialog requests get 503 while every request already taken gets its final response;
/// then the sockets close.
/// </summary>
/// <remarks>
/// Without a cluster the edge is the only way back to the backends for its calls' BYEs (its
/// Record-Route names it), so it also waits for the calls in its table to end. In a cluster any
/// edge relays them (the Record-Route names the Service's address), so only transactions count.
/// </remarks>
internal sealed partial class SipEdgeService(
    EdgeSettings settings,
    IDispatcherState state,
    SipTransactionLayer layer,
    TimeProvider time,
    ILoggerFactory loggers,
    IMeterFactory? meters = null) : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);
    private readonly ILogger _logger = loggers.CreateLogger<SipEdgeService>();
    private readonly SipSecurityMetrics _metrics = new(meters);

    private SipTransportHost? _transport;
    private volatile bool _draining;

    /// <summary>The bound listeners (ports chosen by the OS when configured as 0).</summary>
    public IReadOnlyList<SipBoundListener> Listeners => _transport?.Listeners ?? [];

    public SipTransportStats? TransportStats => _transport?.Stats;

    public SipProxy? Proxy { get; private set; }

    /// <summary>Whether the edge is shutting down: not ready, refusing new requests, finishing the others.</summary>
    public bool IsDraining => _draining;

    /// <summary>Requests without their final response, and without a cluster the calls still up.</summary>
    public int InProgress => layer.PendingServerTransactionCount + (state is LocalDispatcherState local ? local.Calls.ActiveCalls : 0);

    /// <summary>Rate limiting and the scanner rule in front of the layer; null before start.</summary>
    public SipIngressGuard? Guard { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var destinations = new DestinationAddresses(state, Resolver);
        Guard = new SipIngressGuard(layer, settings.Sip.RateLimit, settings.Sip.Scanners, time, destinations, _metrics, loggers.CreateLogger<SipIngressGuard>());
        _transport = new SipTransportHost(settings.Sip, Guard, time);
        _transport.Start();
        Guard.Attach(_transport);
        layer.Attach(_transport, new SipLocalAddresses(_transport.Listeners));
        Proxy = new SipProxy(
            settings.Proxy,
            settings.Routing,
            state,
            layer,
            time,
            loggers.CreateLogger<SipProxy>(),
            settings.Dispatcher.Selection,
            resolver: Resolver,
            destinations: destinations);
        foreach (var listener in _transport.Listeners)
        {
            LogListening(_logger, listener.EndPoint.ToString());
        }

        return Task.CompletedTask;
    }

    /// <summary>One resolver for the proxy and the prober, so both share its cache.</summary>
    public SipUriResolver Resolver { get; } = new(time);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Drains, before any service stops (the host calls every StoppingAsync first): so the HTTP
    /// server still answers /readyz, with a failure, and the cluster stays joined meanwhile.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        if (Proxy is null)
        {
            return;
        }

        Proxy.StartDraining(settings.Drain.RetryAfter);
        LogDraining(_logger, InProgress, settings.Drain.DrainTimeout.TotalSeconds);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
            _transport = null;
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>Waits for <see cref="InProgress"/> to reach 0, at most the drain timeout or until the host gives up.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var left = InProgress;
        try
        {
            while (left > 0 && time.GetElapsedTime(started) < settings.Drain.DrainTimeout)
            {
                await Task.Delay(DrainPoll, time, cancellationToken).ConfigureAwait(false);
                left = InProgress;
            }
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout came first.
            left = InProgress;
        }

        LogDrained(_logger, time.GetElapsedTime(started).TotalSeconds, left);
    }

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "SIP draining: new requests get 503; waiting for {InProgress} transaction(s) and call(s), at most {TimeoutSeconds} s")]
    private static partial void LogDraining(ILogger logger, int inProgress, double timeoutSeconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "SIP drained in {Seconds:F1} s, {Left} transaction(s) and call(s) left; closing the sockets")]
    private static partial void LogDrained(ILogger logger, double seconds, int left);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SIP listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string endPoint);
}
