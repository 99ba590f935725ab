using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// Runs the SIP stack: binds the listeners, then puts the ingress guard (rate limiting, scanners),
/// the transaction layer and the proxy behind them. Stopping closes the sockets first, so no new
/// transaction starts, then the layer.
/// </summary>
internal sealed partial class SipEdgeService(
    EdgeSettings settings,
    IDispatcherState state,
    SipTransactionLayer layer,
    TimeProvider time,
    ILoggerFactory loggers,
    IMeterFactory? meters = null) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<SipEdgeService>();
    private readonly SipSecurityMetrics _metrics = new(meters);
    private SipTransportHost? _transport;

    /// <summary>The bound listeners (ports chosen by the OS when configured as 0).</summary>
    public IReadOnlyList<SipBoundListener> Listeners => _transport?.Listeners ?? [];

    public SipTransportStats? TransportStats => _transport?.Stats;

    public SipProxy? Proxy { get; private set; }

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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
            _transport = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _metrics.Dispose();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SIP listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string endPoint);
}
