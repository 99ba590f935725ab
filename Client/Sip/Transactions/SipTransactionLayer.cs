using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Client.Observability;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The RFC 3261 §17 transaction layer, and the transport's message handler: it parses every
/// message (a response in place, a request into a copy it keeps), answers what cannot be parsed
/// with 400 when it can, matches requests to server transactions and responses to client
/// transactions, and passes the rest to its user (the proxy).
/// </summary>
/// <remarks>
/// Start order: make the layer, give it to <see cref="SipTransportHost"/> as the handler, start the
/// transport, <see cref="Attach"/> the transport and its addresses, then set the <see cref="User"/>.
/// Messages that arrive earlier are dropped. Thread-safe: transactions are in concurrent tables and
/// each has its own lock.
/// </remarks>
internal sealed partial class SipTransactionLayer : ISipMessageHandler, IDisposable
{
    private static readonly NoUser IgnoreResponses = new();

    [ThreadStatic]
    private static SipMessage? t_scratch;

    [ThreadStatic]
    private static SipMessage? t_received;

    private readonly ConcurrentDictionary<SipTransactionKey, SipServerTransaction> _server = new();
    private readonly ConcurrentDictionary<SipTransactionKey, SipClientTransaction> _client = new();
    private readonly SipParser _parser;
    private readonly ILogger _logger;
    private ISipTransport? _transport;
    private SipLocalAddresses? _addresses;

    public SipTransactionLayer(SipTimerOptions? timers = null, TimeProvider? time = null, ILogger<SipTransactionLayer>? logger = null, SipParser? parser = null)
    {
        Timers = timers ?? SipTimerOptions.Default;
        var problems = Timers.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(timers));
        }

        Time = time ?? TimeProvider.System;
        Wheel = new TimerWheel(Time);
        _logger = logger ?? NullLogger<SipTransactionLayer>.Instance;
        _parser = parser ?? SipParser.Default;
    }

    public SipTimerOptions Timers { get; }

    public TimeProvider Time { get; }

    /// <summary>Where the transactions' timers run.</summary>
    internal TimerWheel Wheel { get; }

    public SipTransactionStats Stats { get; } = new();

    /// <summary>Where requests, responses, parse errors and transactions are counted; none: not counted.</summary>
    public EdgeMetrics? Metrics { get; init; }

    /// <summary>Receives new requests, end-to-end ACKs and stray responses; null drops them.</summary>
    public ISipTransactionUser? User { get; set; }

    /// <summary>This element's addresses; set by <see cref="Attach"/>.</summary>
    public SipLocalAddresses Addresses => _addresses ?? throw new InvalidOperationException("Attach the transport first.");

    public int ServerTransactionCount => _server.Count;

    public int ClientTransactionCount => _client.Count;

    /// <summary>Requests received that have no final response yet: what a draining edge waits for.</summary>
    public int PendingServerTransactionCount => _server.Values.Count(t => !t.HasFinalResponse);

    /// <summary>Gives the layer the started transport to send with and this element's addresses.</summary>
    public void Attach(ISipTransport transport, SipLocalAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(addresses);
        _addresses = addresses;
        Volatile.Write(ref _transport, transport);
    }

    public void OnMessage(in ReceivedMessage received)
    {
        if (Volatile.Read(ref _transport) is null)
        {
            return;
        }

        try
        {
            // Parsed in place: a response is handled before this returns (ISipClientTransactionUser).
            var message = t_received ??= new SipMessage();
            var framing = received.Transport == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;
            var result = _parser.Parse(received.Memory, framing, message);
            if (!result.IsOk)
            {
                Metrics?.ParseError(received.Transport);
                OnMalformed(received.Data, result, received.Remote, received.ConnectionId);
                return;
            }

            if (message.IsResponse)
            {
                OnResponse(new SipInboundMessage(message, received.Local, received.Remote, received.ConnectionId));
                return;
            }

            // A request outlives the receive loop: its transaction, the proxy's routing, a stateless forward.
            Metrics?.RequestReceived(message.Method, received.Transport);
            OnRequest(new SipInboundMessage(message.Clone(), received.Local, received.Remote, received.ConnectionId));
        }
        catch (Exception e)
        {
            Stats.HandlerFailed();
            LogHandlerFailed(e, received.Remote);
        }
    }

    /// <summary>
    /// RFC 3261 §18.4: no one took the request quoted in <paramref name="datagram"/>, so its client
    /// transaction, if it has no response yet, fails now as a transport error (the proxy fails
    /// over at once) instead of waiting out its timer. Found by its branch and method, and only
    /// when sent to <paramref name="destination"/>: a forged ICMP error would have to quote them.
    /// </summary>
    public void OnUnreachable(SipEndPoint destination, ReadOnlySpan<byte> datagram)
    {
        if (SipQuotedRequest.TryReadKey(datagram, out var key)
            && _client.TryGetValue(key, out var transaction)
            && transaction.Destination == destination)
        {
            transaction.OnSendFailed();
        }
    }

    /// <summary>
    /// Starts a client transaction for <paramref name="request"/> (complete, with this element's Via on
    /// top) towards <paramref name="destination"/>. <paramref name="timeout"/> replaces Timer B or F.
    /// </summary>
    public SipClientTransaction StartClientTransaction(ReadOnlyMemory<byte> request, SipEndPoint destination, ISipClientTransactionUser user, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(user);

        // Only an INVITE keeps its parse (its CANCEL and ACK are made from it); others are read for the key.
        var parsed = request.Span.StartsWith("INVITE "u8) ? new SipMessage() : t_scratch ??= new SipMessage();
        var result = _parser.Parse(request, SipFraming.Datagram, parsed);
        if (!result.IsOk || !parsed.IsRequest || parsed.Method == SipMethod.Ack || !parsed.TopVia.HasMagicCookie)
        {
            throw new ArgumentException($"A client transaction needs a request (not ACK) with an RFC 3261 branch: {result}", nameof(request));
        }

        var key = new SipTransactionKey(Encoding.ASCII.GetString(parsed.TopVia.Branch), string.Empty, Encoding.ASCII.GetString(parsed.MethodName));
        var transaction = new SipClientTransaction(this, key, request, parsed, destination, user, timeout);
        if (!_client.TryAdd(key, transaction))
        {
            throw new ArgumentException($"Branch {key.Branch} is already in use for {key.Method}.", nameof(request));
        }

        Metrics?.TransactionStarted(server: false);

        transaction.Start();
        return transaction;
    }

    /// <summary>The INVITE server transaction a CANCEL refers to (RFC 3261 §9.2), if it is still there.</summary>
    public SipServerTransaction? FindInviteTransaction(SipInboundMessage cancel)
        => _server.TryGetValue(ServerKey(cancel.Message, "INVITE"), out var invite) ? invite : null;

    /// <summary>Sends a message outside any transaction (a stateless forward, an ACK for a 2xx).</summary>
    public void SendStateless(SipEndPoint destination, ReadOnlyMemory<byte> message) => Send(destination, message, null);

    /// <summary>Sends a response: on the request's connection, or when it closed (or for UDP) to the end point.</summary>
    public void SendResponse(SipResponseTarget target, ReadOnlyMemory<byte> response)
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is null)
        {
            return;
        }

        if (target.ConnectionId == 0)
        {
            Send(target.EndPoint, response, null);
            return;
        }

        var pending = transport.SendOnConnectionAsync(target.ConnectionId, response);
        if (pending.IsCompleted)
        {
            OnConnectionSend(pending.Result, target, response);
        }
        else
        {
            _ = AwaitConnectionSendAsync(pending, target, response);
        }
    }

    /// <summary>
    /// Sends a request of this element's own (an OPTIONS probe) and waits for its final response, with
    /// retransmissions by Timer E over UDP, until <paramref name="timeout"/> (Timer F's place).
    /// </summary>
    public async Task<SipRequestResult> SendRequestAsync(SipOutboundRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Addresses.TryGetSentBy(request.Destination, out var sentBy))
        {
            return new SipRequestResult(SipRequestOutcome.TransportError, 0, null, TimeSpan.Zero);
        }

        var bytes = BuildRequest(request, sentBy);
        var waiter = new ResponseWaiter(Time);
        var transaction = StartClientTransaction(bytes, request.Destination, waiter, timeout);
        await using var registration = cancellationToken.Register(static t => ((SipClientTransaction)t!).Terminate(), transaction);
        var result = await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public void Dispose()
    {
        foreach (var transaction in _server.Values)
        {
            transaction.Terminate();
        }

        foreach (var transaction in _client.Values)
        {
            transaction.Terminate();
        }
    }

    internal ISipTransport Transport => Volatile.Read(ref _transport) ?? throw new InvalidOperationException("Attach the transport first.");

    internal void Send(SipEndPoint destination, ReadOnlyMemory<byte> message, SipClientTransaction? owner)
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is null)
        {
            owner?.OnSendFailed();
            return;
        }

        ValueTask<SipSendResult> pending;
        try
        {
            pending = transport.SendAsync(destination, message);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, destination);
            owner?.OnSendFailed();
            return;
        }

        if (pending.IsCompleted)
        {
            OnSent(pending.Result, destination, owner);
        }
        else
        {
            _ = AwaitSendAsync(pending, destination, owner);
        }
    }

    internal void SendCancel(SipClientTransaction invite)
    {
        var output = new ArrayBufferWriter<byte>(512);
        SipMessageWriter.WriteCancel(output, invite.Request!);
        StartClientTransaction(output.WrittenMemory, invite.Destination, IgnoreResponses);
    }

    internal void Remove(SipServerTransaction transaction) => _server.TryRemove(new KeyValuePair<SipTransactionKey, SipServerTransaction>(transaction.Key, transaction));

    internal void Remove(SipClientTransaction transaction) => _client.TryRemove(new KeyValuePair<SipTransactionKey, SipClientTransaction>(transaction.Key, transaction));

    internal void CountRetransmission() => Stats.RetransmissionSent();

    internal void OnAckTimeout(SipServerTransaction transaction) => LogAckTimeout(transaction.Request?.CallId, transaction.LastStatusCode);

    internal void OnAbandoned(SipServerTransaction transaction) => LogAbandoned(transaction.Request?.CallId, transaction.Key.Method);

    private void OnRequest(SipInboundMessage request)
    {
        var message = request.Message;
        if (message.Method == SipMethod.Ack)
        {
            if (_server.TryGetValue(ServerKey(message, "INVITE"), out var invite) && !invite.OnAck())
            {
                Stats.RetransmissionAbsorbed();
                return;
            }

            User?.OnAck(request);
            return;
        }

        var key = ServerKey(message, Encoding.ASCII.GetString(message.MethodName));
        if (_server.TryGetValue(key, out var existing))
        {
            Stats.RetransmissionAbsorbed();
            existing.OnRetransmission();
            return;
        }

        var user = User;
        if (user is null)
        {
            return;
        }

        var transaction = new SipServerTransaction(this, key, request);
        if (!_server.TryAdd(key, transaction))
        {
            // The same request on two connections at once: the first one made the transaction.
            Stats.RetransmissionAbsorbed();
            if (_server.TryGetValue(key, out var first))
            {
                first.OnRetransmission();
            }

            return;
        }

        Metrics?.TransactionStarted(server: true);
        transaction.Start();
        user.OnRequest(transaction, request);
    }

    private void OnResponse(SipInboundMessage response)
    {
        var message = response.Message;
        var via = message.TopVia;
        var key = new SipTransactionKey(Encoding.ASCII.GetString(via.Branch), string.Empty, Encoding.ASCII.GetString(message.CSeqMethodName));
        if (via.HasMagicCookie && _client.TryGetValue(key, out var transaction))
        {
            transaction.OnResponse(response);
            return;
        }

        Stats.StrayResponse();
        User?.OnStrayResponse(response);
    }

    private void OnMalformed(ReadOnlySpan<byte> data, SipParseResult result, SipEndPoint remote, long connectionId)
    {
        var start = data.IndexOfAnyExcept("\r\n"u8);
        if (start >= 0 && data[start..].StartsWith("SIP/"u8))
        {
            Stats.MalformedResponse();
            LogMalformedResponse(remote, result.ReasonPhrase);
            return;
        }

        Stats.MalformedRequest();
        LogMalformedRequest(remote, result.ReasonPhrase);
        var output = new ArrayBufferWriter<byte>(512);
        if (SipBadRequestWriter.TryWrite(data, result, output))
        {
            // Nothing in a malformed request can be trusted to say where to answer: the source can.
            SendResponse(new SipResponseTarget(remote, connectionId), output.WrittenMemory);
        }
    }

    private void OnSent(SipSendResult result, SipEndPoint destination, SipClientTransaction? owner)
    {
        if (result.Succeeded)
        {
            return;
        }

        LogSendFailed(destination, result.Status);
        owner?.OnSendFailed();
    }

    private async Task AwaitSendAsync(ValueTask<SipSendResult> pending, SipEndPoint destination, SipClientTransaction? owner)
    {
        SipSendResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, destination);
            result = new SipSendResult(SipSendStatus.Failed);
        }

        OnSent(result, destination, owner);
    }

    private void OnConnectionSend(SipSendResult result, SipResponseTarget target, ReadOnlyMemory<byte> response)
    {
        if (result.Status == SipSendStatus.ConnectionClosed)
        {
            // RFC 3261 §18.2.2: the connection is gone, open one to the Via's address.
            Send(target.EndPoint, response, null);
        }
        else if (!result.Succeeded)
        {
            LogSendFailed(target.EndPoint, result.Status);
        }
    }

    private async Task AwaitConnectionSendAsync(ValueTask<SipSendResult> pending, SipResponseTarget target, ReadOnlyMemory<byte> response)
    {
        SipSendResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, target.EndPoint);
            return;
        }

        OnConnectionSend(result, target, response);
    }

    /// <summary>RFC 3261 §17.2.3: branch, sent-by and method; the RFC 2543 fallback when the branch lacks the cookie.</summary>
    private static SipTransactionKey ServerKey(SipMessage request, string method)
    {
        var via = request.TopVia;
        var sentBy = $"{Encoding.ASCII.GetString(via.Host).ToLowerInvariant()}:{via.Port}";
        if (via.HasMagicCookie)
        {
            return new SipTransactionKey(Encoding.ASCII.GetString(via.Branch), sentBy, method);
        }

        var legacy = $"2543|{Encoding.ASCII.GetString(request.RequestUri)}|{Encoding.ASCII.GetString(request.FromTag)}|{Encoding.ASCII.GetString(request.CallId)}|{request.CSeqNumber}|{Encoding.ASCII.GetString(via.Span)}";
        return new SipTransactionKey(legacy, sentBy, method);
    }

    private static byte[] BuildRequest(SipOutboundRequest request, string sentBy)
    {
        var transport = request.Destination.Transport == SipTransportKind.Tcp ? "TCP" : "UDP";
        var text = new StringBuilder(512)
            .Append(request.Method).Append(' ').Append(request.RequestUri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/").Append(transport).Append(' ').Append(sentBy).Append(";branch=").Append(SipIdentifiers.NewBranch()).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: ").Append(AsNameAddr(request.From)).Append(";tag=").Append(SipIdentifiers.NewTag()).Append("\r\n")
            .Append("To: ").Append(AsNameAddr(request.To)).Append("\r\n")
            .Append("Call-ID: ").Append(SipIdentifiers.NewCallId()).Append("\r\n")
            .Append("CSeq: 1 ").Append(request.Method).Append("\r\n");
        foreach (var header in request.Headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());

        static string AsNameAddr(string address) => address.Contains('<') ? address : $"<{address}>";
    }

    /// <summary>Receives the CANCEL's own responses: nothing to do with them.</summary>
    private sealed class NoUser : ISipClientTransactionUser
    {
        public void OnResponse(SipClientTransaction transaction, SipInboundMessage response)
        {
        }

        public void OnFailed(SipClientTransaction transaction, SipClientFailure failure)
        {
        }
    }

    private sealed class ResponseWaiter(TimeProvider time) : ISipClientTransactionUser
    {
        private readonly TaskCompletionSource<SipRequestResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipRequestResult> Task => _result.Task;

        public void OnResponse(SipClientTransaction transaction, SipInboundMessage response)
        {
            var message = response.Message;
            if (message.StatusCode >= 200)
            {
                _result.TrySetResult(new SipRequestResult(SipRequestOutcome.Response, message.StatusCode,
                    Encoding.UTF8.GetString(message.ReasonPhrase), time.GetElapsedTime(transaction.StartedAt)));
            }
        }

        public void OnFailed(SipClientTransaction transaction, SipClientFailure failure) =>
            _result.TrySetResult(new SipRequestResult(
                failure == SipClientFailure.Timeout ? SipRequestOutcome.Timeout : SipRequestOutcome.TransportError,
                0, null, time.GetElapsedTime(transaction.StartedAt)));
    }
}
