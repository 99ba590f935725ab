namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// One destination of a set: a SIP URI with its flags, priority and attributes, and the
/// runtime facts (state bits, latency) that selection reads. Immutable: a state change makes
/// a new <see cref="Destination"/> and a new <see cref="DestinationSet"/>.
/// </summary>
public sealed record Destination(
    string Uri,
    DestinationFlags Flags,
    int Priority,
    DestinationAttributes Attributes,
    string? Description = null)
{
    public LatencyStats Latency { get; init; }

    /// <summary>The identity of a destination across reloads and nodes: its <c>duid</c>, or its URI when it has none.</summary>
    public string Key => Attributes.Duid ?? Uri;

    /// <summary>Kamailio's <c>ds_skip_dst</c>: inactive and disabled destinations are not selected.</summary>
    public bool IsSelectable => !Flags.IsSkipped();

    /// <summary>Adds <c>sip:</c> to a URI that names no scheme, as Kamailio does when it loads a list.</summary>
    public static string NormalizeUri(string uri)
    {
        var trimmed = uri.Trim();
        return trimmed.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)
            ? trimmed
            : "sip:" + trimmed;
    }
}
