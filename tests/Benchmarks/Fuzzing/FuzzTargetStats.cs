namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>Counts and timing of one target in a run.</summary>
internal sealed class FuzzTargetStats
{
    public long Inputs { get; set; }

    public long Parsed { get; set; }

    public long Rejected { get; set; }

    public long Failures { get; set; }

    public long TotalTicks { get; set; }

    public long MaxTicks { get; set; }

    public long MaxIndex { get; set; } = -1;

    public void Record(long index, long ticks, FuzzOutcome? outcome)
    {
        Inputs++;
        TotalTicks += ticks;
        if (ticks > MaxTicks)
        {
            MaxTicks = ticks;
            MaxIndex = index;
        }

        switch (outcome)
        {
            case FuzzOutcome.Parsed:
                Parsed++;
                break;
            case FuzzOutcome.Rejected:
                Rejected++;
                break;
            default:
                Failures++;
                break;
        }
    }
}
