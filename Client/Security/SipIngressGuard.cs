using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Security;

/// <summary>
/// The first handler of every received message, in front of the transaction layer: per-source rate
/// limiting (<see cref="SourceRateLimiter"/>) and the scanner rule (<see cref="ScannerFilter"/>),
/// both on the raw bytes, before the message is copied, parsed or given a transaction. What it
/// refuses is answered statelessly (503 with Retry-After, 403) or dropped; what it lets through
/// goes to the inner handler unchanged. The pass path does not allocate.
/// </summary>
/// <remarks>
/// Responses are counted against their source like requests (a flood of fake responses costs
/// parsing too) but are never answered. An answer needs the message to parse; one that does not
/// is dropped rather than given the 400 the transaction layer would write.
/// </remarks>
internal sealed partial class SipIngressGuard : ISipMessageHandler
{
    private static readonly SipParser Parser = SipParser.Default;

    private readonly ISipMessageHandler _inner;
    private readonly SourceRateLimiter? _limiter;
    private readonly ScannerFilter _scanners;
    private readonly SourceNetwork[] _exempt;
    private readonly DestinationAddresses? _destinations;
    private readonly SipSecurityMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly string _window;
    private ISipTransport? _transport;

    public SipIngressGuard(ISipMessageHandler inner, RateLimitOptions rateLimit, ScannerOptions scanners, TimeProvider? time = null,
        DestinationAddresses? destinations = null, SipSecurityMetrics? metrics = null, ILogger<SipIngressGuard>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(rateLimit);
        _inner = inner;
        _limiter = rateLimit.Enabled ? new SourceRateLimiter(rateLimit, time) : null;
        _scanners = new ScannerFilter(scanners);
        _exempt = [.. rateLimit.Exempt];
        _destinations = rateLimit.ExemptDestinations ? destinations : null;
        _metrics = metrics;
        _logger = logger ?? NullLogger<SipIngressGuard>.Instance;
        _window = $"{rateLimit.Requests} messages per {rateLimit.Window.TotalSeconds:0.###} s";
    }

    public SipGuardStats Stats { get; } = new();

    internal SourceRateLimiter? Limiter => _limiter;

    /// <summary>Gives the guard the started transport to answer with; until then refused messages are only dropped.</summary>
    public void Attach(ISipTransport transport) => Volatile.Write(ref _transport, transport ?? throw new ArgumentNullException(nameof(transport)));

    /// <summary>Not limited here: an error counts only when it comes from the address the quoted request went to and names its transaction.</summary>
    public void OnUnreachable(SipEndPoint destination, ReadOnlySpan<byte> datagram) => _inner.OnUnreachable(destination, datagram);

    public void OnMessage(in ReceivedMessage message)
    {
        if (_limiter is not null)
        {
            var source = SourceAddress.From(message.Remote.EndPoint.Address);
            if (!IsExempt(source))
            {
                var decision = _limiter.Check(source);
                if (decision.BlockStarted)
                {
                    LogBlocked(message.Remote.EndPoint.Address.ToString(), _window, _limiter.Options.BlockTime.TotalSeconds);
                }

                if (decision.Verdict != RateLimitVerdict.Allow)
                {
                    var replied = decision.Verdict == RateLimitVerdict.Reply
                        && TryAnswer(message, 503, "Service Unavailable", $"Retry-After: {decision.RetryAfterSeconds}\r\n");
                    Stats.CountRateLimit(replied);
                    _metrics?.RateLimited();
                    return;
                }
            }
        }

        if (_scanners.IsScanner(message.Data) && IsRequest(message.Data))
        {
            var rejected = _scanners.Options.Action == ScannerAction.Reject && TryAnswer(message, 403, "Forbidden", null);
            Stats.CountScanner(rejected);
            LogScanner(message.Remote);
            return;
        }

        _inner.OnMessage(message);
    }

    private bool IsExempt(SourceAddress source)
    {
        foreach (var network in _exempt)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return _destinations?.Contains(source) == true;
    }

    private static bool IsRequest(ReadOnlySpan<byte> data)
    {
        var start = data.IndexOfAnyExcept("\r\n"u8);
        return start >= 0 && !data[start..].StartsWith("SIP/"u8);
    }

    /// <summary>Answers a request statelessly; false when it is no request, an ACK, does not parse, or there is no transport yet.</summary>
    private bool TryAnswer(in ReceivedMessage received, int statusCode, string reason, string? extraHeaders)
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is null || !IsRequest(received.Data))
        {
            return false;
        }

        var framing = received.Transport == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;
        var result = Parser.Parse(received.Data.ToArray(), framing, out var request);
        if (!result.IsOk || !request.IsRequest || request.Method == SipMethod.Ack)
        {
            return false;
        }

        var output = new ArrayBufferWriter<byte>(512);
        SipMessageWriter.WriteResponse(output, request, statusCode, Encoding.ASCII.GetBytes(reason), new SipResponseOptions
        {
            ToTag = Encoding.ASCII.GetBytes(SipIdentifiers.NewTag()),
            ExtraHeaders = extraHeaders is null ? default : Encoding.ASCII.GetBytes(extraHeaders),
        });
        var bytes = output.WrittenMemory;
        var pending = received.ConnectionId != 0
            ? transport.SendOnConnectionAsync(received.ConnectionId, bytes)
            : transport.SendAsync(received.Remote, bytes);
        _ = ObserveAsync(pending);
        return true;
    }

    private static async ValueTask ObserveAsync(ValueTask<SipSendResult> pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A refused sender's answer is best effort; the transport counts its own failures.
        }
    }
}
