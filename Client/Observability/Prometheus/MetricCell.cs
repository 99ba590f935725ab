namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// The value of one series: a sum or last value (as a whole number for integral instruments),
/// or histogram bucket counts and their sum. Written lock-free by any thread; read when scraped.
/// </summary>
/// <param name="labels">The series' labels as written between braces (<c>duid="b0",set="1"</c>), empty for none.</param>
/// <param name="bucketCount">Histograms: the bucket bounds plus one for +Inf; others: 0.</param>
internal sealed class MetricCell(string labels, int bucketCount)
{
    private readonly long[]? _buckets = bucketCount > 0 ? new long[bucketCount] : null;
    private long _long;
    private double _double;
    private long _generation;

    public string Labels => labels;

    public long LongValue => Volatile.Read(ref _long);

    public double DoubleValue => Volatile.Read(ref _double);

    /// <summary>The collection that last reported an observed series.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public int BucketCount => _buckets?.Length ?? 0;

    public void Add(long value) => Interlocked.Add(ref _long, value);

    public void Add(double value)
    {
        var current = Volatile.Read(ref _double);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _double, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(long value, long generation)
    {
        Volatile.Write(ref _long, value);
        Volatile.Write(ref _generation, generation);
    }

    public void Set(double value, long generation)
    {
        Volatile.Write(ref _double, value);
        Volatile.Write(ref _generation, generation);
    }

    /// <summary>One histogram measurement: its bucket (by index, +Inf last) and the sum.</summary>
    public void Observe(int bucket, double value)
    {
        Interlocked.Increment(ref _buckets![bucket]);
        Add(value);
    }

    /// <summary>Copies the per-bucket (not cumulative) counts.</summary>
    public void ReadBuckets(Span<long> counts)
    {
        for (var i = 0; i < _buckets!.Length; i++)
        {
            counts[i] = Volatile.Read(ref _buckets[i]);
        }
    }
}
