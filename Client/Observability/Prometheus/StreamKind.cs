namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>How an instrument's measurements combine into the value of a series.</summary>
internal enum StreamKind
{
    /// <summary>Counter, UpDownCounter: measurements are increments.</summary>
    Sum,

    /// <summary>Gauge: the last measurement is the value.</summary>
    LastValue,

    /// <summary>Observable instruments: each collection reports every series afresh; a series not reported is gone.</summary>
    Observed,

    /// <summary>Histogram: measurements fall into buckets.</summary>
    Histogram,
}
