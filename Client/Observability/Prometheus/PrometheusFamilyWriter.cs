using System.Globalization;
using System.Text;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>Writes one family: HELP, TYPE, then its series sorted by labels, series of the same labels from several instruments merged.</summary>
internal static class PrometheusFamilyWriter
{
    public static void Write(StringBuilder text, MetricFamily family, long generation)
    {
        text.Append("# HELP ").Append(family.Name).Append(' ');
        PrometheusText.AppendHelp(text, family.Help);
        text.Append("\n# TYPE ").Append(family.Name).Append(' ').Append(family.Type switch
        {
            PrometheusMetricType.Counter => "counter",
            PrometheusMetricType.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');

        var series = new List<(MetricCell Cell, InstrumentStream Stream)>();
        foreach (var stream in family.Streams)
        {
            foreach (var cell in stream.Cells)
            {
                if (stream.Kind != StreamKind.Observed || cell.Generation == generation)
                {
                    series.Add((cell, stream));
                }
            }
        }

        series.Sort(static (a, b) => string.CompareOrdinal(a.Cell.Labels, b.Cell.Labels));
        for (var i = 0; i < series.Count;)
        {
            var end = i + 1;
            while (end < series.Count && series[end].Cell.Labels == series[i].Cell.Labels)
            {
                end++;
            }

            var group = series.GetRange(i, end - i);
            if (family.Type == PrometheusMetricType.Histogram)
            {
                WriteHistogram(text, family.Name, group);
            }
            else
            {
                WriteScalar(text, family.Name, group);
            }

            i = end;
        }
    }

    private static void WriteScalar(StringBuilder text, string name, List<(MetricCell Cell, InstrumentStream Stream)> group)
    {
        StartSample(text, name, group[0].Cell.Labels, null);
        if (group.TrueForAll(s => s.Stream.Integral))
        {
            var sum = 0L;
            foreach (var (cell, _) in group)
            {
                sum += cell.LongValue;
            }

            text.Append(sum.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            var sum = 0.0;
            foreach (var (cell, stream) in group)
            {
                sum += stream.Integral ? cell.LongValue : cell.DoubleValue;
            }

            PrometheusText.AppendDouble(text, sum);
        }

        text.Append('\n');
    }

    private static void WriteHistogram(StringBuilder text, string name, List<(MetricCell Cell, InstrumentStream Stream)> group)
    {
        var stream = group[0].Stream;
        var counts = new long[group[0].Cell.BucketCount];
        var buckets = new long[counts.Length];
        var sum = 0.0;
        foreach (var (cell, _) in group)
        {
            cell.ReadBuckets(buckets);
            for (var b = 0; b < counts.Length; b++)
            {
                counts[b] += buckets[b];
            }

            sum += cell.DoubleValue;
        }

        // Cumulative from the per-bucket counts, so +Inf and _count agree even while measurements land.
        var labels = group[0].Cell.Labels;
        var cumulative = 0L;
        for (var b = 0; b < counts.Length; b++)
        {
            cumulative += counts[b];
            StartSample(text, name + "_bucket", labels, b < stream.BoundTexts.Count ? stream.BoundTexts[b] : "+Inf");
            text.Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        StartSample(text, name + "_sum", labels, null);
        PrometheusText.AppendDouble(text, sum);
        text.Append('\n');
        StartSample(text, name + "_count", labels, null);
        text.Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void StartSample(StringBuilder text, string name, string labels, string? le)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ');
    }
}
