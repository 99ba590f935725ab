using System.Globalization;

namespace OrleansLB.Client.Faults;

/// <summary>
/// What a fault cost, as docs/reliability.md reports it: calls the caller attempted and saw fail,
/// INVITEs moved off the faulty destination and completed elsewhere (recovered), and calls whose
/// set-up took at least <see cref="DelayedFrom"/> (they waited for a timeout first).
/// </summary>
internal sealed record FaultFigures(string Fault, long Attempted, long Failed, long Recovered, long Delayed, TimeSpan DelayedFrom, string Note)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Fault} | {Attempted} | {Failed} | {Recovered} | {Delayed} (>= {DelayedFrom.TotalMilliseconds:F0} ms) | {Note} |");
}
