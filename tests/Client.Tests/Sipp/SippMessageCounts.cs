using System.Globalization;

namespace OrleansLB.Client.Sipp;

/// <summary>The last row of sipp's per-message counts (-trace_counts), retransmissions excluded.</summary>
/// <remarks>
/// Columns are "{index}_{message}_{event}", one set per scenario element, e.g. "1_INVITE_Recv",
/// "3_200_Sent", "5_INVITE_Unexp". Sums over every element make the counts independent of the
/// scenario's layout: <c>Received("INVITE")</c> counts initial and re-INVITEs.
/// </remarks>
internal sealed record SippMessageCounts(IReadOnlyDictionary<string, long> Columns)
{
    public static SippMessageCounts Empty { get; } = new(new Dictionary<string, long>());

    /// <summary>Requests (by method) or responses (by code) the scenario expected and received.</summary>
    public long Received(string message) => Sum(message, "Recv");

    /// <summary>Requests (by method) or responses (by code) sent, first transmissions only.</summary>
    public long Sent(string message) => Sum(message, "Sent");

    /// <summary>Messages that arrived where the scenario expected something else.</summary>
    public long Unexpected => Columns.Where(c => c.Key.EndsWith("_Unexp", StringComparison.Ordinal)).Sum(c => c.Value);

    public static SippMessageCounts Parse(string text)
    {
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rows.Length < 2)
        {
            return Empty;
        }

        var names = rows[0].Split(';');
        var values = rows[^1].Split(';');
        var columns = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(names.Length, values.Length); i++)
        {
            if (long.TryParse(values[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                columns[names[i]] = count;
            }
        }

        return new SippMessageCounts(columns);
    }

    private long Sum(string message, string what) =>
        Columns.Where(c => Matches(c.Key, message, what)).Sum(c => c.Value);

    private static bool Matches(string column, string message, string what)
    {
        var parts = column.Split('_');
        return parts.Length == 3
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out _)
            && string.Equals(parts[1], message, StringComparison.OrdinalIgnoreCase)
            && parts[2] == what;
    }
}
