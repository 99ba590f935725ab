namespace OrleansLB.Grains.Health;

/// <summary>
/// What a failed call does to its destination (Kamailio's <c>ds_mark_dst</c> from a failure route).
/// The two agree at Kamailio's default threshold of 1; <see cref="Threshold"/> is the default so that
/// raising <see cref="HealthOptions.ProbingThreshold"/> also keeps one failed call from taking a
/// destination out, as the Kamailio README still describes.
/// </summary>
internal enum MarkOnCallFailure
{
    /// <summary>
    /// A call failure counts like a failed probe (<c>ds_mark_dst("tp")</c> before Kamailio commit
    /// a70a55df0d): Trying, then Inactive after <see cref="HealthOptions.ProbingThreshold"/> failures in a row.
    /// </summary>
    Threshold = 0,

    /// <summary>A call failure makes the destination Inactive at once, as Kamailio's <c>ds_mark_dst</c> does since a70a55df0d.</summary>
    Immediate = 1,
}
