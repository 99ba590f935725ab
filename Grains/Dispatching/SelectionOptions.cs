namespace OrleansLB.Grains.Dispatching;

/// <summary>Selection settings shared by every set.</summary>
public sealed record SelectionOptions
{
    public static readonly SelectionOptions Default = new();

    public HashPlacement HashPlacement { get; init; } = HashPlacement.Stable;

    /// <summary>Kamailio's <c>flags</c> bit 1: hash only the user part of From, To and Request-URI.</summary>
    public bool HashUserOnly { get; init; }
}
