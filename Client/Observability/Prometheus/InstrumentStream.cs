using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// The series of one instrument: measurements find their <see cref="MetricCell"/> by tag values
/// (no allocation once the series exists) and update it lock-free. A new series is made once;
/// past <see cref="MaxSeries"/> they all go to one series labelled <c>otel_metric_overflow="true"</c>,
/// so a tag that is not bounded after all cannot exhaust memory.
/// </summary>
internal sealed class InstrumentStream
{
    public const int MaxSeries = 2000;

    private static readonly KeyValuePair<string, object?>[] OverflowTags = [new("otel_metric_overflow", "true")];

    private readonly ConcurrentDictionary<TagKey, MetricCell> _cells = new();
    private readonly double[]? _bounds;
    private readonly KeyValuePair<string, object?>[] _instrumentTags;
    private MetricCell? _overflow;
    private long _generation;

    public InstrumentStream(Instrument instrument, StreamKind kind, bool integral, bool monotonic, double[]? bounds)
    {
        Instrument = instrument;
        Kind = kind;
        Integral = integral;
        Monotonic = monotonic;
        _bounds = bounds;
        _instrumentTags = instrument.Tags?.ToArray() ?? [];
        BoundTexts = bounds?.Select(PrometheusText.FormatDouble).ToArray() ?? [];
    }

    public Instrument Instrument { get; }

    public StreamKind Kind { get; }

    /// <summary>Measurements are whole numbers (written as such).</summary>
    public bool Integral { get; }

    /// <summary>A counter: negative increments are ignored.</summary>
    public bool Monotonic { get; }

    /// <summary>Histogram bucket bounds, ascending, without +Inf.</summary>
    public ReadOnlySpan<double> Bounds => _bounds;

    /// <summary>The bounds as <c>le</c> values.</summary>
    public IReadOnlyList<string> BoundTexts { get; }

    /// <summary>The collection in progress, stamped on observed series.</summary>
    public long Generation
    {
        get => Volatile.Read(ref _generation);
        set => Volatile.Write(ref _generation, value);
    }

    public IEnumerable<MetricCell> Cells => _overflow is { } overflow ? _cells.Values.Append(overflow) : _cells.Values;

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Monotonic && value < 0)
        {
            return;
        }

        var cell = CellFor(tags);
        switch (Kind)
        {
            case StreamKind.Sum:
                cell.Add(value);
                break;
            case StreamKind.Histogram:
                cell.Observe(BucketOf(value), value);
                break;
            default:
                cell.Set(value, Generation);
                break;
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value) || (Monotonic && value < 0))
        {
            return;
        }

        var cell = CellFor(tags);
        switch (Kind)
        {
            case StreamKind.Sum:
                cell.Add(value);
                break;
            case StreamKind.Histogram:
                cell.Observe(BucketOf(value), value);
                break;
            default:
                cell.Set(value, Generation);
                break;
        }
    }

    /// <summary>Forgets observed series that the collection <paramref name="generation"/> did not report.</summary>
    public void RemoveStale(long generation)
    {
        foreach (var (key, cell) in _cells)
        {
            if (cell.Generation != generation)
            {
                _cells.TryRemove(new KeyValuePair<TagKey, MetricCell>(key, cell));
            }
        }
    }

    private MetricCell CellFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = TagKey.From(tags);
        return _cells.TryGetValue(key, out var cell) ? cell : AddCell(key);
    }

    private MetricCell AddCell(TagKey key)
    {
        if (_cells.Count >= MaxSeries)
        {
            return Volatile.Read(ref _overflow)
                ?? Interlocked.CompareExchange(ref _overflow, NewCell(OverflowTags), null)
                ?? _overflow!;
        }

        return _cells.GetOrAdd(key, static (k, stream) => stream.NewCell(k.Tags), this);
    }

    private MetricCell NewCell(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        new(PrometheusText.Labels(tags, _instrumentTags), _bounds is null ? 0 : _bounds.Length + 1);

    private int BucketOf(double value)
    {
        var bounds = _bounds!;
        if (bounds.Length <= 16)
        {
            var i = 0;
            while (i < bounds.Length && value > bounds[i])
            {
                i++;
            }

            return i;
        }

        var index = Array.BinarySearch(bounds, value);
        return index >= 0 ? index : ~index;
    }
}
