namespace OrleansLB.Grains.Observability;

/// <summary>
/// An owner of instruments. The exporter takes every source when it starts, so their instruments
/// exist from start-up, and lets each prepare before a collection.
/// </summary>
internal interface IMetricsSource
{
    /// <summary>Creates the zero-valued series of labels known in advance, so a rate or an alert works from the first event rather than the second.</summary>
    void Prepare();
}
