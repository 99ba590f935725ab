using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// A Prometheus exporter over <see cref="System.Diagnostics.Metrics"/>: a <see cref="MeterListener"/>
/// that aggregates the measurements of the accepted meters into series as they happen and writes
/// them as the text exposition format 0.0.4 when scraped. Counters become <c>_total</c> counters,
/// UpDownCounters and gauges (observable or not) gauges, histograms cumulative <c>_bucket</c>
/// series with <c>+Inf</c>, <c>_sum</c> and <c>_count</c>. Families come out sorted by name and
/// series by labels, each family with HELP and TYPE from the moment its instrument exists.
/// </summary>
/// <remarks>
/// Recording is lock-free and allocates nothing once a series exists (see <see cref="InstrumentStream"/>);
/// a scrape takes one lock, so scrapes run one at a time.
/// </remarks>
internal sealed partial class PrometheusCollector : IDisposable
{
    /// <summary>The content type of the text format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] DefaultSecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Func<Meter, bool> _accept;
    private readonly IMetricsSource[] _sources;
    private readonly ILogger _logger;
    private readonly MeterListener _listener = new();
    private readonly StringBuilder _text = new(64 * 1024);
    private long _generation;

    public PrometheusCollector(Func<Meter, bool> accept, IEnumerable<IMetricsSource>? sources = null, ILogger<PrometheusCollector>? logger = null)
    {
        _accept = accept;
        _sources = sources?.ToArray() ?? [];
        _logger = logger ?? NullLogger<PrometheusCollector>.Instance;
        _listener.InstrumentPublished = OnPublished;
        _listener.MeasurementsCompleted = OnCompleted;
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentStream)state!).Record((double)value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentStream)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Accepts the meters made by <paramref name="scope"/> (this host's <see cref="IMeterFactory"/>) whose name starts with one of <paramref name="prefixes"/>, and process-wide meters (made with <c>new Meter</c>) whose name is in <paramref name="global"/> or starts with a prefix.</summary>
    public static Func<Meter, bool> MetersOf(object scope, IReadOnlyList<string> prefixes, IReadOnlyList<string> global) =>
        meter => (meter.Scope == scope || meter.Scope is null) && prefixes.Any(p => meter.Name.StartsWith(p, StringComparison.Ordinal))
            || (meter.Scope is null && global.Contains(meter.Name, StringComparer.Ordinal));

    /// <summary>The families' names, sorted.</summary>
    public IReadOnlyList<string> FamilyNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _families.Keys];
            }
        }
    }

    /// <summary>Reads the observable instruments and writes every family.</summary>
    public string Collect()
    {
        lock (_lock)
        {
            foreach (var source in _sources)
            {
                source.Prepare();
            }

            var generation = ++_generation;
            foreach (var stream in _families.Values.SelectMany(f => f.Streams).Where(s => s.Kind == StreamKind.Observed))
            {
                stream.Generation = generation;
            }

            _listener.RecordObservableInstruments();
            _text.Clear();
            foreach (var family in _families.Values)
            {
                PrometheusFamilyWriter.Write(_text, family, generation);
            }

            foreach (var stream in _families.Values.SelectMany(f => f.Streams).Where(s => s.Kind == StreamKind.Observed))
            {
                stream.RemoveStale(generation);
            }

            return _text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnPublished(Instrument instrument, MeterListener listener)
    {
        if (!_accept(instrument.Meter) || Describe(instrument) is not var (type, kind, monotonic, integral))
        {
            return;
        }

        var bounds = kind == StreamKind.Histogram ? Buckets(instrument) : null;
        var name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, type);
        var stream = new InstrumentStream(instrument, kind, integral, monotonic, bounds);
        lock (_lock)
        {
            if (!_families.TryGetValue(name, out var family))
            {
                family = new MetricFamily(name, type, string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description);
                _families.Add(name, family);
            }
            else if (family.Type != type || (bounds is not null && family.Streams.Any(s => !s.Bounds.SequenceEqual(bounds))))
            {
                LogConflict(instrument.Meter.Name, instrument.Name, name);
                return;
            }

            family.Streams.Add(stream);
        }

        listener.EnableMeasurementEvents(instrument, stream);
    }

    private void OnCompleted(Instrument instrument, object? state)
    {
        if (state is not InstrumentStream stream)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var (name, family) in _families)
            {
                if (family.Streams.Remove(stream) && family.Streams.Count == 0)
                {
                    _families.Remove(name);
                    return;
                }
            }
        }
    }

    private static (PrometheusMetricType Type, StreamKind Kind, bool Monotonic, bool Integral)? Describe(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var value = type.GetGenericArguments()[0];
        var integral = value == typeof(long) || value == typeof(int) || value == typeof(short) || value == typeof(byte);
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return (PrometheusMetricType.Counter, StreamKind.Sum, true, integral);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return (PrometheusMetricType.Gauge, StreamKind.Sum, false, integral);
        }

        if (definition == typeof(Gauge<>))
        {
            return (PrometheusMetricType.Gauge, StreamKind.LastValue, false, integral);
        }

        if (definition == typeof(Histogram<>))
        {
            return (PrometheusMetricType.Histogram, StreamKind.Histogram, false, integral);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return (PrometheusMetricType.Counter, StreamKind.Observed, false, integral);
        }

        return definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>)
            ? (PrometheusMetricType.Gauge, StreamKind.Observed, false, integral)
            : null;
    }

    /// <summary>The instrument's advised bucket bounds when they are usable, else defaults for seconds or OpenTelemetry's.</summary>
    private static double[] Buckets(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = advised?.ToArray();
        if (bounds is { Length: > 0 } && bounds.All(double.IsFinite) && bounds.Zip(bounds.Skip(1)).All(p => p.First < p.Second))
        {
            return bounds;
        }

        return instrument.Unit == "s" ? DefaultSecondsBuckets : DefaultBuckets;
    }
}
