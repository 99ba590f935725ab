using System.Globalization;

namespace OrleansLB.Client.Sipp;

/// <summary>The last row of a sipp statistics file (-trace_stat -stf): cumulative call counters.</summary>
/// <remarks>
/// Columns are named in the file's first row ("SuccessfulCall(C)" is cumulative, "(P)" is the
/// last period). A callee stopped by a signal counts calls still in their closing timewait as
/// current, not successful; <see cref="SippMessageCounts"/> is exact for callees.
/// </remarks>
internal sealed record SippStatistics(IReadOnlyDictionary<string, string> Columns)
{
    public static SippStatistics Empty { get; } = new(new Dictionary<string, string>());

    public long TotalCalls => Number("TotalCallCreated");

    public long SuccessfulCalls => Number("SuccessfulCall(C)");

    public long FailedCalls => Number("FailedCall(C)");

    public long CurrentCalls => Number("CurrentCall");

    public long Retransmissions => Number("Retransmissions(C)");

    /// <summary>Mean time from the message marked rtd="true" back to the scenario start (ms resolution).</summary>
    public TimeSpan ResponseTime => Duration("ResponseTime1(C)");

    public TimeSpan CallLength => Duration("CallLength(C)");

    /// <summary>Parses the header row and the last data row; sipp separates columns with ';'.</summary>
    public static SippStatistics Parse(string text)
    {
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rows.Length < 2)
        {
            return Empty;
        }

        var names = rows[0].Split(';');
        var values = rows[^1].Split(';');
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(names.Length, values.Length); i++)
        {
            if (names[i].Length > 0)
            {
                columns[names[i]] = values[i];
            }
        }

        return new SippStatistics(columns);
    }

    public long Number(string column) =>
        Columns.TryGetValue(column, out var value)
        && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;

    /// <summary>sipp writes durations as hh:mm:ss:microseconds.</summary>
    public TimeSpan Duration(string column)
    {
        if (!Columns.TryGetValue(column, out var value))
        {
            return TimeSpan.Zero;
        }

        var parts = value.Split(':');
        return parts.Length == 4
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minutes)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var seconds)
            && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var microseconds)
                ? new TimeSpan(hours, minutes, seconds) + TimeSpan.FromMicroseconds(microseconds)
                : TimeSpan.Zero;
    }
}
