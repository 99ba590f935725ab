namespace OrleansLB.Client.Security;

/// <summary>One message's verdict, the seconds left of its source's block (for Retry-After), and whether this message started the block (logged once).</summary>
internal readonly record struct RateLimitDecision(RateLimitVerdict Verdict, int RetryAfterSeconds = 0, bool BlockStarted = false)
{
    public static RateLimitDecision Allow => default;
}
