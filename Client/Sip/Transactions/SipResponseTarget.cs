using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>Where responses to a request go: its TCP connection when it has one, else (or when that closed) the end point.</summary>
internal readonly record struct SipResponseTarget(SipEndPoint EndPoint, long ConnectionId);
