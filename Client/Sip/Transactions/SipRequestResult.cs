namespace OrleansLB.Client.Sip.Transactions;

/// <summary>The end of a request this element originated: the final response's status (0 without one) and the round trip.</summary>
internal sealed record SipRequestResult(SipRequestOutcome Outcome, int StatusCode, string? ReasonPhrase, TimeSpan RoundTrip);
