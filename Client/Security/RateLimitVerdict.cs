namespace OrleansLB.Client.Security;

/// <summary>The rate limiter's answer for one message.</summary>
internal enum RateLimitVerdict
{
    Allow,

    /// <summary>Answer with 503 and Retry-After, without any further work.</summary>
    Reply,

    /// <summary>Drop unread.</summary>
    Drop,
}
