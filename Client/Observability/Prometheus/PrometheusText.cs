using System.Globalization;
using System.Text;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>The lexical parts of the text exposition format 0.0.4: escaping, numbers, label sets.</summary>
internal static class PrometheusText
{
    /// <summary>HELP text: backslash and line feed escaped.</summary>
    public static void AppendHelp(StringBuilder text, string help)
    {
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>A label value: backslash, double quote and line feed escaped.</summary>
    public static void AppendLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>A sample value as Go's ParseFloat reads it: shortest round trip, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static void AppendDouble(StringBuilder text, double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            text.Append("+Inf");
            return;
        }

        if (double.IsNegativeInfinity(value))
        {
            text.Append("-Inf");
            return;
        }

        if (double.IsNaN(value))
        {
            text.Append("NaN");
            return;
        }

        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        foreach (var c in buffer[..written])
        {
            text.Append(c == 'E' ? 'e' : c);
        }
    }

    public static string FormatDouble(double value)
    {
        var text = new StringBuilder();
        AppendDouble(text, value);
        return text.ToString();
    }

    /// <summary>
    /// The inside of a label set (<c>duid="b0",set="1"</c>) from tags: names made valid and sorted;
    /// tags whose names become the same are one label, their values joined by <c>;</c> in the order
    /// of the original names. Null values are left out, other values are written invariantly.
    /// </summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags, IEnumerable<KeyValuePair<string, object?>>? more = null)
    {
        var labels = new SortedDictionary<string, List<(string Original, string Value)>>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            Add(labels, key, value);
        }

        foreach (var (key, value) in more ?? [])
        {
            Add(labels, key, value);
        }

        var text = new StringBuilder();
        foreach (var (name, values) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"");
            AppendLabelValue(text, string.Join(';', values.OrderBy(v => v.Original, StringComparer.Ordinal).Select(v => v.Value)));
            text.Append('"');
        }

        return text.ToString();
    }

    private static void Add(SortedDictionary<string, List<(string Original, string Value)>> labels, string key, object? value)
    {
        if (value is null)
        {
            return;
        }

        var name = PrometheusNames.LabelName(key);
        if (!labels.TryGetValue(name, out var values))
        {
            labels[name] = values = [];
        }

        values.Add((key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
    }
}
