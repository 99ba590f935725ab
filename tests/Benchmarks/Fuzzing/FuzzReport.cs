using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>What a run did: inputs, how they were taken, failures, and the time per input.</summary>
internal sealed class FuzzReport
{
    public required ulong Seed { get; init; }

    public required long Count { get; init; }

    public long Done { get; set; }

    public TimeSpan Elapsed { get; set; }

    public Dictionary<FuzzTarget, FuzzTargetStats> Targets { get; } = Enum.GetValues<FuzzTarget>().ToDictionary(t => t, _ => new FuzzTargetStats());

    /// <summary>Datagram parse statuses of the message target.</summary>
    public Dictionary<SipParseStatus, long> Statuses { get; } = [];

    public List<FuzzFailure> Failures { get; } = [];

    public long FailureCount { get; set; }

    public long UnparseableBadRequests { get; set; }

    public long FramerParserDisagreements { get; set; }

    public long Frames { get; set; }

    public long FramingErrors { get; set; }

    /// <summary>Inputs per log2 bucket of microseconds (bucket 0: under 1 µs, 1: 1 µs, 2: 2-3 µs, …).</summary>
    public long[] Histogram { get; } = new long[40];

    public long Parsed => Targets.Values.Sum(t => t.Parsed);

    public long Rejected => Targets.Values.Sum(t => t.Rejected);

    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    public TimeSpan MaxPerInput => TimeSpan.FromSeconds(Targets.Values.Max(t => t.MaxTicks) / (double)Stopwatch.Frequency);

    public TimeSpan MeanPerInput => Done == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Targets.Values.Sum(t => t.TotalTicks) / (double)Stopwatch.Frequency / Done);

    /// <summary>The time within which <paramref name="fraction"/> of the inputs were done (upper bound of the histogram bucket).</summary>
    public TimeSpan Percentile(double fraction)
    {
        var wanted = (long)Math.Ceiling(Done * fraction);
        long seen = 0;
        for (var i = 0; i < Histogram.Length; i++)
        {
            seen += Histogram[i];
            if (seen >= wanted)
            {
                return TimeSpan.FromMicroseconds(1L << i);
            }
        }

        return MaxPerInput;
    }

    /// <summary>The slowest inputs as run (ticks, index), for <see cref="Remeasured"/>.</summary>
    public (long Ticks, long Index)[] Slowest { get; } = Enumerable.Repeat((0L, -1L), 16).ToArray();

    /// <summary>The slowest inputs run again: target, index, first time and best of three re-runs, in ticks.</summary>
    public List<(FuzzTarget Target, long Index, long FirstTicks, long BestTicks)> Remeasured { get; } = [];

    /// <summary>The most work one input needed: the largest best-of-three time among the slowest inputs.</summary>
    public TimeSpan MaxWorkPerInput => Remeasured.Count == 0 ? MaxPerInput : TimeSpan.FromSeconds(Remeasured.Max(r => r.BestTicks) / (double)Stopwatch.Frequency);

    public void RecordTime(long ticks, long index)
    {
        var slot = 0;
        for (var i = 1; i < Slowest.Length; i++)
        {
            if (Slowest[i].Ticks < Slowest[slot].Ticks)
            {
                slot = i;
            }
        }

        if (ticks > Slowest[slot].Ticks)
        {
            Slowest[slot] = (ticks, index);
        }

        var micros = (long)(ticks * 1_000_000.0 / Stopwatch.Frequency);
        var bucket = micros <= 0 ? 0 : Math.Min(Histogram.Length - 1, 64 - long.LeadingZeroCount(micros));
        Histogram[bucket]++;
    }

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .AppendLine(c, $"seed {Seed}, {Done:N0} of {Count:N0} inputs in {Elapsed.TotalSeconds:0.0} s: {InputsPerSecond:N0} inputs/s")
            .AppendLine(c, $"parsed {Parsed:N0}, rejected {Rejected:N0}, failures {FailureCount:N0}")
            .AppendLine(c, $"time per input: mean {MeanPerInput.TotalMicroseconds:0.0} µs, 99.9 % under {Percentile(0.999).TotalMicroseconds:N0} µs, 99.999 % under {Percentile(0.99999).TotalMicroseconds:N0} µs, max {MaxPerInput.TotalMilliseconds:0.000} ms")
            .AppendLine(c, $"slowest {Remeasured.Count} inputs run again (best of 3): max {MaxWorkPerInput.TotalMilliseconds:0.000} ms; {string.Join(", ", Remeasured.Take(5).Select(r => string.Create(c, $"{r.Target} #{r.Index} {r.FirstTicks * 1000.0 / Stopwatch.Frequency:0.0} -> {r.BestTicks * 1000.0 / Stopwatch.Frequency:0.000} ms")))}")
            .AppendLine(c, $"stream: {Frames:N0} frames, {FramingErrors:N0} connections closed for framing errors, {FramerParserDisagreements:N0} frames the parser ended early; {UnparseableBadRequests:N0} 400s that echo unparseable lines")
            .AppendLine("| target | inputs | parsed | rejected | failures | mean µs | max ms (input #) |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, stats) in Targets)
        {
            var mean = stats.Inputs == 0 ? 0 : stats.TotalTicks * 1_000_000.0 / Stopwatch.Frequency / stats.Inputs;
            text.AppendLine(c, $"| {target} | {stats.Inputs:N0} | {stats.Parsed:N0} | {stats.Rejected:N0} | {stats.Failures:N0} | {mean:0.0} | {stats.MaxTicks * 1000.0 / Stopwatch.Frequency:0.000} (#{stats.MaxIndex}) |");
        }

        text.AppendLine("message statuses (datagram): " + string.Join(", ", Statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}")));
        foreach (var failure in Failures.Take(5))
        {
            text.AppendLine("--- failure ---").AppendLine(failure.ToString());
        }

        return text.ToString();
    }
}
