namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The transaction user (the proxy core): what the layer passes up. Called on the receive loop
/// that read the message, without any transaction lock held. Must not block.
/// </summary>
internal interface ISipTransactionUser
{
    /// <summary>
    /// A new request (not ACK) and the server transaction made for it; INVITEs have had their 100
    /// Trying. The transaction lets go of the request at its final response, so keep it from here.
    /// </summary>
    void OnRequest(SipServerTransaction transaction, SipInboundMessage request);

    /// <summary>An ACK no server transaction absorbed: the ACK for a 2xx, end to end (RFC 3261 §13.2.2.4, RFC 6026).</summary>
    void OnAck(SipInboundMessage ack);

    /// <summary>
    /// A response no client transaction matches, such as a 2xx retransmitted after its transaction
    /// ended (§16.7, §18.1.2). Valid only during the call: keep <see cref="SipInboundMessage.Detach"/>, not the response.
    /// </summary>
    void OnStrayResponse(SipInboundMessage response);
}
