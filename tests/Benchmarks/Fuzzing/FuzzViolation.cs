namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>An input broke an oracle rule (a wrong range, an answer that does not parse, no progress): a failure like an exception.</summary>
internal sealed class FuzzViolation(string message) : Exception(message);
