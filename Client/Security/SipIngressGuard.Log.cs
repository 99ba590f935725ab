using Microsoft.Extensions.Logging;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Security;

internal sealed partial class SipIngressGuard
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "Source {Address} sent more than {Rate}: blocked for {BlockSeconds} s after its last window over the rate")]
    private partial void LogBlocked(string address, string rate, double blockSeconds);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Scanner's request from {Remote} refused by its User-Agent")]
    private partial void LogScanner(SipEndPoint remote);
}
