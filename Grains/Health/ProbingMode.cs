namespace OrleansLB.Grains.Health;

/// <summary>
/// Which destinations are probed and what a result does to the Probing flag; values are
/// Kamailio's <c>ds_probing_mode</c> (<c>DS_PROBE_*</c> in dispatch.h).
/// </summary>
internal enum ProbingMode
{
    /// <summary>Only Probing-flagged destinations; a failure clears the flag, and so does the success that makes the destination active: probe once after load unless flagged again.</summary>
    None = 0,

    /// <summary>Every destination that is not disabled, no-ping or no-DNS, every interval; results keep the Probing flag set.</summary>
    All = 1,

    /// <summary>Only destinations that are both Inactive and Probing.</summary>
    Inactive = 2,

    /// <summary>Probing-flagged destinations continuously; probing never removes the flag, and a reply for a destination whose flag was removed meanwhile is ignored.</summary>
    OnlyFlagged = 3,
}
