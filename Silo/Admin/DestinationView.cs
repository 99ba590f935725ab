using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// One destination as <c>kamcmd dispatcher.list</c> shows it: URI, the two flag letters
/// (<c>AP</c>, <c>IP</c>, <c>DX</c>, <c>TP</c> …) and the bits behind them, priority, the attribute
/// body with its typed values, description, active calls (Kamailio's <c>DLGLOAD</c>) and latency.
/// </summary>
/// <param name="State">active, trying, inactive or disabled: the word behind the first letter (the metrics' <c>state</c> label).</param>
/// <param name="MaxLoad">Algorithm 10's cap on active calls; 0: none.</param>
internal sealed record DestinationView(
    string Uri,
    string Flags,
    int FlagBits,
    string State,
    bool Probing,
    int Priority,
    string? Duid,
    string Attrs,
    int MaxLoad,
    int Weight,
    int RelativeWeight,
    string? Description,
    int ActiveCalls,
    LatencyView Latency)
{
    public static DestinationView From(Destination destination, int activeCalls) => new(
        destination.Uri,
        destination.Flags.ToKamailioLetters(),
        (int)destination.Flags,
        StateOf(destination.Flags),
        (destination.Flags & DestinationFlags.Probing) != 0,
        destination.Priority,
        destination.Attributes.Duid,
        destination.Attributes.ToString(),
        destination.Attributes.MaxLoad,
        destination.Attributes.Weight,
        destination.Attributes.RelativeWeight,
        destination.Description,
        activeCalls,
        LatencyView.From(destination.Latency));

    /// <summary>The first letter's order: I, D, T, A.</summary>
    public static string StateOf(DestinationFlags flags) =>
        (flags & DestinationFlags.Inactive) != 0 ? "inactive"
        : (flags & DestinationFlags.Disabled) != 0 ? "disabled"
        : (flags & DestinationFlags.Trying) != 0 ? "trying"
        : "active";
}
