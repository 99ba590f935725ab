namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// One Prometheus family (a name with one HELP and TYPE) and the instruments that feed it: usually
/// one; more when instruments of the same name come from two meters, whose series are then merged.
/// </summary>
internal sealed class MetricFamily(string name, PrometheusMetricType type, string help)
{
    public string Name => name;

    public PrometheusMetricType Type => type;

    public string Help => help;

    public List<InstrumentStream> Streams { get; } = [];
}
