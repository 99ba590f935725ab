namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>The metric types of the text exposition format 0.0.4 that instruments map to.</summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}
