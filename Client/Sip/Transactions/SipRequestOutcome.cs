namespace OrleansLB.Client.Sip.Transactions;

/// <summary>How a request this element originated ended.</summary>
internal enum SipRequestOutcome
{
    /// <summary>A final response came.</summary>
    Response,

    /// <summary>No final response within the timeout.</summary>
    Timeout,

    /// <summary>The request could not be sent (no listener for the transport, connection refused, ...).</summary>
    TransportError,
}
