namespace OrleansLB.Grains.Health;

/// <summary>
/// Whether a transition changed selectability, the condition of Kamailio's
/// <c>dispatcher:dst-down</c> and <c>dispatcher:dst-up</c> event routes (<c>ds_skip_dst</c> before and after).
/// </summary>
internal enum StateChange
{
    None = 0,

    /// <summary>Selectable before, skipped after (became Inactive or Disabled).</summary>
    Down = 1,

    /// <summary>Skipped before, selectable after.</summary>
    Up = 2,
}
