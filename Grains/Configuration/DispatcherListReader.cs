using System.Collections.Immutable;
using System.Globalization;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// Reads Kamailio's <c>dispatcher.list</c> (<c>ds_load_list</c> in dispatch.c):
/// <c>setid destination [flags [priority [attrs]]]</c>, columns separated by spaces or tabs,
/// <c>#</c> comments and blank lines ignored. Words after <c>attrs</c>, which Kamailio
/// ignores, are kept as the destination's description. Unlike Kamailio, which reads whatever
/// digits it finds, every column is checked and every problem is reported with its line;
/// <see cref="DispatcherListLoadMode"/> decides whether a bad line fails the load. Flags may
/// also be written <c>0x</c>-hex here (Kamailio's loader reads decimal digits only), and are
/// kept as written, Trying included, as Kamailio keeps them. Lines have no length limit
/// (Kamailio reads 1024 bytes at a time and would take the rest of a longer line as a new line).
/// </summary>
internal static class DispatcherListReader
{
    private const DestinationFlags KnownFlags = DestinationFlags.Inactive | DestinationFlags.Trying | DestinationFlags.Disabled
        | DestinationFlags.Probing | DestinationFlags.NoDnsResolve | DestinationFlags.NoPing;

    private static readonly char[] Separators = [' ', '\t', '\r'];

    /// <summary>Reads a list file; I/O failures (missing file, no permission) throw as usual.</summary>
    public static DispatcherListReadResult ReadFile(string path, DispatcherListLoadMode mode) =>
        Read(File.ReadAllText(path), path, mode);

    public static DispatcherListReadResult Read(string text, string fileName, DispatcherListLoadMode mode)
    {
        var errors = ImmutableArray.CreateBuilder<DispatcherListError>();
        var sets = new Dictionary<int, List<(Destination Destination, int Line)>>();
        var lines = (text.StartsWith('\uFEFF') ? text[1..] : text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineErrors = new List<(string Field, string Message)>();
            var destination = ParseLine(lines[i], lineErrors, out var setId);
            foreach (var (field, message) in lineErrors)
            {
                errors.Add(new(fileName, i + 1, field, message, mode == DispatcherListLoadMode.SkipInvalid));
            }

            if (destination is null || lineErrors.Count > 0)
            {
                continue;
            }

            if (!sets.TryGetValue(setId, out var set))
            {
                sets[setId] = set = [];
            }

            WarnOnDuplicate(set, destination, setId, fileName, i + 1, errors);
            set.Add((destination, i + 1));
        }

        var result = errors.ToImmutable();
        var succeeded = result.All(e => e.IsWarning);
        var snapshot = succeeded
            ? new DispatcherSnapshot(1, sets.Select(s => DestinationSet.Create(s.Key, s.Value.Select(d => d.Destination))))
            : DispatcherSnapshot.Empty;
        return new DispatcherListReadResult(snapshot, result);
    }

    /// <summary>Null for a blank or comment line; otherwise the destination, or problems in <paramref name="errors"/>.</summary>
    private static Destination? ParseLine(string line, List<(string Field, string Message)> errors, out int setId)
    {
        setId = 0;
        var columns = Columns(line, out var description);
        if (columns.Count == 0)
        {
            return null;
        }

        if (!int.TryParse(columns[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out setId))
        {
            errors.Add(("setid", $"'{columns[0]}' is not a whole number"));
        }
        else if (setId < 0)
        {
            errors.Add(("setid", $"'{columns[0]}' is negative; set ids are 0 or more"));
        }

        var uri = string.Empty;
        if (columns.Count < 2)
        {
            errors.Add(("destination", "missing; a line is 'setid destination [flags [priority [attrs]]]'"));
        }
        else if (SipUriSyntax.Check(columns[1], out uri) is { } uriError)
        {
            errors.Add(("destination", uriError));
        }

        var flags = columns.Count > 2 ? ParseFlags(columns[2], errors) : DestinationFlags.None;
        var priority = 0;
        if (columns.Count > 3 && !int.TryParse(columns[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out priority))
        {
            errors.Add(("priority", $"'{columns[3]}' is not a whole number{AttrsHint(columns[3])}"));
        }

        var attributes = DestinationAttributes.Empty;
        if (columns.Count > 4 && !DestinationAttributes.TryParse(columns[4], out attributes, out var attrsError))
        {
            errors.Add(("attrs", attrsError!));
        }

        return new Destination(uri, flags, priority, attributes, description);
    }

    /// <summary>
    /// Splits a line into at most five columns plus the description words after them. A
    /// <c>#</c> inside the first four columns starts a comment, as in Kamailio; the attrs
    /// column keeps a <c>#</c> (Kamailio reads attrs up to whitespace), and after it a word
    /// that starts with <c>#</c> begins a comment.
    /// </summary>
    private static List<string> Columns(string line, out string? description)
    {
        var columns = new List<string>(5);
        var words = new List<string>();
        foreach (var token in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token[0] == '#')
            {
                break;
            }

            if (columns.Count < 4 && token.IndexOf('#') is var hash and > 0)
            {
                columns.Add(token[..hash]);
                break;
            }

            if (columns.Count < 5)
            {
                columns.Add(token);
            }
            else
            {
                words.Add(token);
            }
        }

        description = words.Count == 0 ? null : string.Join(' ', words);
        return columns;
    }

    private static DestinationFlags ParseFlags(string text, List<(string Field, string Message)> errors)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!int.TryParse(
                hex ? text[2..] : text,
                hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var value)
            || value < 0)
        {
            errors.Add(("flags", $"'{text}' is not a decimal or 0x-hex number{AttrsHint(text)}"));
            return DestinationFlags.None;
        }

        var flags = (DestinationFlags)value;
        var unknown = flags & ~KnownFlags;
        if (unknown != 0)
        {
            // Kamailio would take 100 (a weight typed into the flags column) as disabled + no-ping.
            errors.Add(("flags", $"'{text}' sets bits {(int)unknown} that Kamailio does not define "
                + "(1 inactive, 2 trying, 4 disabled, 8 probing, 16 no DNS, 32 no ping)"));
        }

        return flags;
    }

    private static string AttrsHint(string text) =>
        text.Contains('=', StringComparison.Ordinal) ? "; attrs come after flags and priority, e.g. '0 0 " + text + "'" : string.Empty;

    private static void WarnOnDuplicate(
        List<(Destination Destination, int Line)> set,
        Destination destination,
        int setId,
        string fileName,
        int line,
        ImmutableArray<DispatcherListError>.Builder errors)
    {
        foreach (var (earlier, earlierLine) in set)
        {
            var duid = destination.Attributes.Duid;
            var earlierDuid = earlier.Attributes.Duid;

            // The same URI under two distinct duids is the documented HA pattern (one entry per socket).
            var distinctDuids = duid is not null && earlierDuid is not null && !string.Equals(duid, earlierDuid, StringComparison.OrdinalIgnoreCase);
            if (string.Equals(earlier.Uri, destination.Uri, StringComparison.OrdinalIgnoreCase) && !distinctDuids)
            {
                errors.Add(new(fileName, line, "destination",
                    $"'{destination.Uri}' is already in set {setId} (line {earlierLine}); state changes by URI reach only one of them, give each a distinct duid",
                    IsWarning: true));
                return;
            }

            if (duid is not null && string.Equals(duid, earlierDuid, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new(fileName, line, "attrs",
                    $"duid '{duid}' is already used in set {setId} (line {earlierLine}); call-load counting and set_duid_state reach only one of them",
                    IsWarning: true));
                return;
            }
        }
    }
}
