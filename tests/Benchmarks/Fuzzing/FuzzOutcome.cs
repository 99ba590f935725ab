namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>How an entry point took an input; anything else (an exception, a broken rule) is a failure.</summary>
internal enum FuzzOutcome
{
    /// <summary>Accepted: parsed, and every accessor and writer over it behaved.</summary>
    Parsed,

    /// <summary>Refused through the defined path: a status with a response code and reason, a false TryParse, a listed error.</summary>
    Rejected,
}
