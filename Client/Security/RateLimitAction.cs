namespace OrleansLB.Client.Security;

/// <summary>What a source over its rate gets.</summary>
internal enum RateLimitAction
{
    /// <summary><c>503 Service Unavailable</c> with <c>Retry-After</c>, at most <see cref="RateLimitOptions.ReplyLimit"/> per window; the rest is dropped.</summary>
    Reply,

    /// <summary>Nothing: every message is dropped unread, as Kamailio's pike examples do.</summary>
    Drop,
}
