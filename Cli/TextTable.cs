using System.Text;

namespace OrleansLB.Cli;

/// <summary>Columns padded to their widest cell, two spaces apart, no trailing blanks.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var line = string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}
