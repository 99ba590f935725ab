using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Observability;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Health;

/// <summary>
/// Kamailio's keepalive timer (<c>ds_check_timer</c>): every <see cref="HealthOptions.PingInterval"/>
/// it sends OPTIONS to the destinations the probing mode selects and reports each result to the
/// dispatcher state. A destination listed in several sets is probed once (by its key), and one
/// whose previous probe is still out is not probed again, so a dead peer costs one probe at a time.
/// Unlike Kamailio, a probe fails after its own timeout, not after the 30 s transaction timer.
/// In a cluster only the edge the leadership names runs rounds; the others skip theirs.
/// </summary>
internal sealed partial class OptionsProber(
    IDispatcherState state,
    IProbeSender sender,
    HealthOptions options,
    string fromUri,
    TimeProvider time,
    ILogger<OptionsProber> logger,
    IProbeLeadership? leadership = null,
    EdgeMetrics? metrics = null) : BackgroundService
{
    private readonly IProbeLeadership _leadership = leadership ?? AlwaysLeader.Instance;

    private readonly ConcurrentDictionary<string, bool> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    private bool? _wasLeader;

    /// <summary>One timer tick: a probe round when this edge leads, nothing otherwise.</summary>
    public IReadOnlyList<Task> Tick(CancellationToken cancellationToken)
    {
        var leads = _leadership.IsLeader;
        if (leads != _wasLeader)
        {
            // Operators need to know which edge sends the OPTIONS when a destination's state looks wrong.
            LogLeadership(logger, leads);
            _wasLeader = leads;
        }

        return leads ? ProbeRound(cancellationToken) : [];
    }

    /// <summary>Starts one probe per due destination not already being probed; returns the probes started.</summary>
    public IReadOnlyList<Task> ProbeRound(CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        foreach (var destination in Due(state.Snapshot, options))
        {
            // Claimed before the probe starts and released by the probe itself, so a probe that
            // completes at once cannot leave its claim behind.
            if (_inFlight.TryAdd(destination.Key, true))
            {
                started.Add(ProbeAsync(destination, cancellationToken));
            }
        }

        return started;
    }

    /// <summary>The first entry of each destination key that some entry's state says to probe.</summary>
    internal static IEnumerable<Destination> Due(DispatcherSnapshot snapshot, HealthOptions options)
    {
        var due = new Dictionary<string, Destination>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in snapshot.Sets)
        {
            foreach (var destination in set.Destinations)
            {
                if (!due.ContainsKey(destination.Key) && DestinationStateMachine.ShouldProbe(DestinationHealth.From(destination), options))
                {
                    due.Add(destination.Key, destination);
                }
            }
        }

        return due.Values;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PingInterval <= TimeSpan.Zero)
        {
            LogProbingOff(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.PingInterval, time);
        do
        {
            Tick(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task ProbeAsync(Destination destination, CancellationToken cancellationToken)
    {
        try
        {
            var from = destination.Attributes.PingFrom ?? fromUri;
            var outcome = await sender.ProbeAsync(destination, from, options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            HealthReport report = outcome.IsTimeout
                ? new ProbeTimedOut(destination.Key)
                : new ProbeReplied(destination.Key, outcome.StatusCode, outcome.RoundTrip);
            LogProbeResult(logger, destination.Uri, outcome.StatusCode, outcome.RoundTrip.TotalMilliseconds);
            if (!outcome.IsTimeout)
            {
                metrics?.ProbeReplied(state.Snapshot, destination.Key, outcome.RoundTrip);
            }

            await state.ReportHealthAsync(report, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogProbeFailed(logger, destination.Uri, e);
        }
        finally
        {
            _inFlight.TryRemove(destination.Key, out _);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Probing is off (Dispatcher:Probing:Interval is 0)")]
    private static partial void LogProbingOff(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Probe {DestinationUri}: {StatusCode} in {RoundTripMs} ms (0 = timed out)")]
    private static partial void LogProbeResult(ILogger logger, string destinationUri, int statusCode, double roundTripMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "This edge probes for the cluster: {Probes}")]
    private static partial void LogLeadership(ILogger logger, bool probes);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Probe of {DestinationUri} failed")]
    private static partial void LogProbeFailed(ILogger logger, string destinationUri, Exception exception);
}
