using Microsoft.Extensions.Logging;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Proxy;

internal sealed partial class SipProxy
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "{Method} (Call-ID {CallId}) from {Remote}")]
    private partial void LogRequest(string method, string callId, SipEndPoint remote);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Rule {Rule} answered {StatusCode} (Call-ID {CallId})")]
    private partial void LogRejected(string rule, int statusCode, string callId);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "{Method} (Call-ID {CallId}) forwarded to {DestinationUri}")]
    internal partial void LogForwarding(SipMethod method, string callId, string destinationUri);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "No destination available in set {SetId} (Call-ID {CallId}): 503")]
    private partial void LogNoDestination(int setId, string callId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Destination {DestinationUri} failed with {StatusCode} (Call-ID {CallId}): marked, trying the next")]
    internal partial void LogFailover(string callId, string destinationUri, int statusCode);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Next hop {DestinationUri} cannot be used: unsupported scheme or transport, no address, or no listener for it (Call-ID {CallId})")]
    internal partial void LogUnusableTarget(string destinationUri, string callId);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Debug, Message = "Loop detected (Call-ID {CallId}): 482")]
    private partial void LogLoop(string callId);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Debug, Message = "Stateless {Kind} (Call-ID {CallId}) dropped: not routed through this edge")]
    private partial void LogDropped(string kind, string callId);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Error, Message = "Handling a request failed (Call-ID {CallId})")]
    internal partial void LogRequestFailed(Exception exception, string callId);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Debug, Message = "{Method} (Call-ID {CallId}) from {Remote} to {DestinationUri} refused: neither side is a dispatcher destination or relay peer")]
    private partial void LogRelayDenied(string method, string callId, SipEndPoint remote, string destinationUri);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Reporting {Report} to the dispatcher state failed")]
    private partial void LogReportFailed(Exception exception, string report);
}
