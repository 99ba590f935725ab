namespace OrleansLB.Client.Observability;

/// <summary>How one attempt of a dispatched INVITE at a destination ended (label <c>outcome</c>).</summary>
internal enum CallOutcome
{
    /// <summary>The destination answered with a 2xx.</summary>
    Answered,

    /// <summary>The destination answered with a final response that is passed back (486, 480, 6xx …), not a failover code.</summary>
    Rejected,

    /// <summary>A failover code (503, 500 …) or a transport error: the destination was marked and the call went on, or ended in 503.</summary>
    Failed,

    /// <summary>The caller cancelled while the destination was trying.</summary>
    Cancelled,

    /// <summary>No response in time (<c>Proxy:FailoverTimeout</c>), a 408, or ringing past <c>Proxy:RingTimeout</c>.</summary>
    Timeout,
}
