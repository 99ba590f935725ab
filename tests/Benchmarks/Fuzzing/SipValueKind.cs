namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>Which value parser a header value is given to.</summary>
internal enum SipValueKind
{
    Via,
    Address,
    Uri,
    Number,
    Credentials,
    Parameters,
    HeaderName,
}
