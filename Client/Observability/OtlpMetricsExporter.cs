using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>
/// OTLP export of the same meters as <c>/metrics</c>, when <c>Metrics:Otlp:Endpoint</c> is set:
/// OpenTelemetry's SDK with its OTLP exporter, built here because its hosting package does not
/// restore from this project's feed. Flushed once more on stop.
/// </summary>
internal sealed partial class OtlpMetricsExporter(MetricsOptions options, ILogger<OtlpMetricsExporter> logger) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public bool IsExporting => _provider is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return Task.CompletedTask;
        }

        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(EdgeMetrics.MeterName, GrainMetrics.MeterName, ProcessMetrics.MeterName, MetricsServiceCollectionExtensions.RuntimeMeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = options.OtlpProtocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpInterval.TotalMilliseconds;
            })
            .Build();
        LogExporting(logger, endpoint, options.OtlpProtocol.ToString(), options.OtlpInterval.TotalSeconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint} ({Protocol}) every {IntervalSeconds} s")]
    private static partial void LogExporting(ILogger logger, Uri endpoint, string protocol, double intervalSeconds);
}
