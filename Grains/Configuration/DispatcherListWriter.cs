using System.Globalization;
using System.Text;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// Writes a snapshot as a <c>dispatcher.list</c> that Kamailio and
/// <see cref="DispatcherListReader"/> both load: sets in id order, destinations in the order
/// they were written (so the reader rebuilds the same Kamailio order), flags in decimal
/// (Kamailio's loader reads digits only), every column explicit. Values are written as they
/// are; they are expected to come from the reader or an equally validated source (a URI or
/// attribute with whitespace, or a description word starting with <c>#</c>, would not read
/// back the same).
/// </summary>
internal static class DispatcherListWriter
{
    /// <summary>
    /// Trying is the only bit that never belongs in a file: it means "one failed probe, not
    /// yet inactive", a transient counter state. Inactive, disabled and probing are legitimate
    /// starting states an operator writes, so they are kept.
    /// </summary>
    public const DestinationFlags RuntimeOnlyFlags = DestinationFlags.Trying;

    private static readonly char[] Separators = [' ', '\t', '\r', '\n'];

    public static string Write(DispatcherSnapshot snapshot)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# dispatcher.list written by OrleansLB from snapshot version {snapshot.Version}\n");
        text.Append("# setid destination flags priority attrs description\n");
        foreach (var set in snapshot.Sets)
        {
            text.Append('\n');
            foreach (var destination in set.InWrittenOrder())
            {
                AppendLine(text, set.SetId, destination);
            }
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, int setId, Destination destination)
    {
        var flags = (int)(destination.Flags & ~RuntimeOnlyFlags);
        text.Append(CultureInfo.InvariantCulture, $"{setId} {destination.Uri} {flags} {destination.Priority}");
        var attrs = destination.Attributes.ToString();
        var description = destination.Description is null
            ? string.Empty
            : string.Join(' ', destination.Description.Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        if (attrs.Length > 0 || description.Length > 0)
        {
            // A description needs an attrs column before it; ';' is an empty one to both readers,
            // and before attrs that start with '#' keeps them from reading as a comment.
            text.Append(' ').Append(attrs.Length > 0 && attrs[0] != '#' ? attrs : ";" + attrs);
        }

        if (description.Length > 0)
        {
            text.Append(' ').Append(description);
        }

        text.Append('\n');
    }
}
