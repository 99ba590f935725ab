namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The owner of a client transaction. Called without the transaction's lock held, on a receive
/// loop or a timer, and possibly while <see cref="SipTransactionLayer.StartClientTransaction"/> runs
/// (a send that fails at once). Must not block.
/// </summary>
internal interface ISipClientTransactionUser
{
    /// <summary>
    /// A response the transaction passes up: every provisional, the first final, and for an INVITE
    /// every 2xx (retransmissions too: RFC 6026 gives them to the user). Retransmitted non-2xx finals are absorbed.
    /// Valid only during the call: keep <see cref="SipInboundMessage.Detach"/>, not the response.
    /// </summary>
    void OnResponse(SipClientTransaction transaction, SipInboundMessage response);

    /// <summary>The transaction ended with no final response.</summary>
    void OnFailed(SipClientTransaction transaction, SipClientFailure failure);
}
