namespace OrleansLB.Client.Health;

/// <summary>A probe's final status code and round trip; status 0 when no final reply came within the timeout.</summary>
internal readonly record struct ProbeOutcome(int StatusCode, TimeSpan RoundTrip)
{
    public static readonly ProbeOutcome TimedOut = new(0, TimeSpan.Zero);

    public bool IsTimeout => StatusCode == 0;
}
