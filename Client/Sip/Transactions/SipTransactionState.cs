namespace OrleansLB.Client.Sip.Transactions;

/// <summary>The states of RFC 3261 §17 transactions, with RFC 6026's Accepted for INVITEs answered with a 2xx.</summary>
internal enum SipTransactionState
{
    /// <summary>INVITE client transaction: request sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE transaction: request sent or received, no response yet.</summary>
    Trying,

    Proceeding,
    Completed,

    /// <summary>INVITE server transaction: the ACK for a non-2xx final response arrived.</summary>
    Confirmed,

    /// <summary>INVITE transaction answered with a 2xx (RFC 6026): 2xx retransmissions and ACKs belong to the user.</summary>
    Accepted,

    Terminated,
}
