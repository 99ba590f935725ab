using Microsoft.Extensions.Logging;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

internal sealed partial class SipTransactionLayer
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Malformed request from {Remote}: {Reason}")]
    private partial void LogMalformedRequest(SipEndPoint remote, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Malformed response from {Remote} dropped: {Reason}")]
    private partial void LogMalformedResponse(SipEndPoint remote, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Send to {Destination} failed: {Status}")]
    private partial void LogSendFailed(SipEndPoint destination, SipSendStatus status);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "No ACK for final response {StatusCode} (Call-ID {CallId}) before Timer H")]
    private partial void LogAckTimeout(string? callId, int statusCode);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Server transaction for {Method} (Call-ID {CallId}) dropped unanswered after its maximum lifetime")]
    private partial void LogAbandoned(string? callId, string method);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Handling a message from or to {Peer} failed")]
    private partial void LogHandlerFailed(Exception exception, SipEndPoint peer);
}
