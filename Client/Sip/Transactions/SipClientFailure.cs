namespace OrleansLB.Client.Sip.Transactions;

/// <summary>Why a client transaction ended without a final response.</summary>
internal enum SipClientFailure
{
    /// <summary>Timer B or F fired (or the caller's own timeout, or 64·T1 after a CANCEL).</summary>
    Timeout,

    /// <summary>The transport could not send the request (RFC 3261 §17.1.4).</summary>
    TransportError,
}
