using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansLB.Cli;

/// <summary>
/// The admin API's answers as kamcmd-like tables: one row per destination with its set, URI,
/// flag letters, priority, attributes, active calls (against <c>maxload</c>) and latency.
/// </summary>
internal static class TableRenderer
{
    private static readonly string[] DestinationHeaders = ["SET", "URI", "FLAGS", "PRIORITY", "ATTRS", "CALLS", "LATENCY ms (avg/est/max)", "TIMEOUTS", "DESCRIPTION"];

    public static string Render(string verb, JsonElement answer) => verb switch
    {
        "list" when answer.TryGetProperty("sets", out var sets) => Sets(sets.EnumerateArray()),
        "list" => Sets([answer]),
        "set_state" or "set_duid_state" or "add" or "remove" =>
            $"matched {answer.GetProperty("matched").GetInt32()}\n" + Sets([answer.GetProperty("set")]),
        "reload" => Reload(answer),
        "ping_active" => answer.GetProperty("active").GetBoolean() ? "1\n" : "0\n",
        "hash" => Hash(answer),
        _ => answer.GetRawText() + "\n",
    };

    private static string Sets(IEnumerable<JsonElement> sets)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var set in sets)
        {
            var id = Number(set.GetProperty("id"));
            foreach (var d in set.GetProperty("destinations").EnumerateArray())
            {
                var latency = d.GetProperty("latency");
                var maxLoad = d.GetProperty("maxLoad").GetInt32();
                var calls = Number(d.GetProperty("activeCalls"));
                rows.Add(
                [
                    id,
                    d.GetProperty("uri").GetString() ?? "",
                    d.GetProperty("flags").GetString() ?? "",
                    Number(d.GetProperty("priority")),
                    d.GetProperty("attrs").GetString() ?? "",
                    maxLoad > 0 ? $"{calls}/{maxLoad.ToString(CultureInfo.InvariantCulture)}" : calls,
                    latency.GetProperty("count").GetInt64() == 0
                        ? "-"
                        : $"{Ms(latency.GetProperty("average"))}/{Ms(latency.GetProperty("estimate"))}/{Number(latency.GetProperty("max"))}",
                    Number(latency.GetProperty("timeouts")),
                    d.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String ? description.GetString()! : "",
                ]);
            }
        }

        return rows.Count == 0 ? "no destinations\n" : TextTable.Render(DestinationHeaders, rows);
    }

    private static string Reload(JsonElement answer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"reloaded: {answer.GetProperty("destinations").GetInt32()} destinations\n");
        foreach (var (name, sign) in new[] { ("added", '+'), ("removed", '-') })
        {
            foreach (var d in answer.GetProperty(name).EnumerateArray())
            {
                text.Append(sign).Append(' ').Append(d.GetRawText()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Hash(JsonElement answer)
    {
        var rows = answer.GetProperty("algorithms").EnumerateArray().Select(a => (IReadOnlyList<string>)
        [
            Number(a.GetProperty("algorithm")),
            a.GetProperty("name").GetString() ?? "",
            a.GetProperty("destination") is { ValueKind: JsonValueKind.Object } d ? d.GetProperty("uri").GetString() ?? "" : "-",
            string.Join(' ', a.GetProperty("failover").EnumerateArray().Select(f => f.GetProperty("uri").GetString())),
            a.TryGetProperty("note", out var note) && note.ValueKind == JsonValueKind.String ? note.GetString()! : "",
        ]);
        var head = $"set {Number(answer.GetProperty("set"))} key {answer.GetProperty("key").GetString()} placement {answer.GetProperty("placement").GetString()}\n";
        return head + TextTable.Render(["ALG", "NAME", "DESTINATION", "FAILOVER", "NOTE"], rows);
    }

    private static string Number(JsonElement value) => value.GetRawText();

    private static string Ms(JsonElement value) => value.GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
}
