using Microsoft.Extensions.Logging;

namespace OrleansLB.Client.Observability.Prometheus;

internal sealed partial class PrometheusCollector
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} is not exported: family {Family} exists with another type or other buckets")]
    private partial void LogConflict(string meter, string instrument, string family);
}
