namespace OrleansLB.Client.Sip.Transactions;

/// <summary>Counters of the transaction layer, for metrics and tests. Thread-safe.</summary>
internal sealed class SipTransactionStats
{
    private long _malformedRequests;
    private long _malformedResponses;
    private long _retransmissionsAbsorbed;
    private long _retransmissionsSent;
    private long _strayResponses;
    private long _handlerFailures;

    /// <summary>Requests the parser refused (answered with 400 when they could be).</summary>
    public long MalformedRequests => Interlocked.Read(ref _malformedRequests);

    /// <summary>Responses the parser refused: dropped.</summary>
    public long MalformedResponses => Interlocked.Read(ref _malformedResponses);

    /// <summary>Requests that matched a server transaction and were answered from it (or absorbed).</summary>
    public long RetransmissionsAbsorbed => Interlocked.Read(ref _retransmissionsAbsorbed);

    /// <summary>Requests retransmitted by Timers A and E.</summary>
    public long RetransmissionsSent => Interlocked.Read(ref _retransmissionsSent);

    /// <summary>Responses that matched no client transaction.</summary>
    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    /// <summary>Messages whose handling threw (a bug: logged as an error).</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    internal void MalformedRequest() => Interlocked.Increment(ref _malformedRequests);

    internal void MalformedResponse() => Interlocked.Increment(ref _malformedResponses);

    internal void RetransmissionAbsorbed() => Interlocked.Increment(ref _retransmissionsAbsorbed);

    internal void RetransmissionSent() => Interlocked.Increment(ref _retransmissionsSent);

    internal void StrayResponse() => Interlocked.Increment(ref _strayResponses);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerFailures);
}
