using System.Collections.Concurrent;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>A transaction user and client transaction user that keeps everything it is given.</summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser, ISipClientTransactionUser
{
    public ConcurrentQueue<SipServerTransaction> Requests { get; } = new();

    public ConcurrentQueue<SipInboundMessage> Acks { get; } = new();

    public ConcurrentQueue<SipInboundMessage> StrayResponses { get; } = new();

    public ConcurrentQueue<(SipClientTransaction Transaction, SipInboundMessage Response)> Responses { get; } = new();

    public ConcurrentQueue<(SipClientTransaction Transaction, SipClientFailure Failure)> Failures { get; } = new();

    public void OnRequest(SipServerTransaction transaction, SipInboundMessage request) => Requests.Enqueue(transaction);

    public void OnAck(SipInboundMessage ack) => Acks.Enqueue(ack);

    public void OnStrayResponse(SipInboundMessage response) => StrayResponses.Enqueue(response.Detach());

    public void OnResponse(SipClientTransaction transaction, SipInboundMessage response) => Responses.Enqueue((transaction, response.Detach()));

    public void OnFailed(SipClientTransaction transaction, SipClientFailure failure) => Failures.Enqueue((transaction, failure));
}
