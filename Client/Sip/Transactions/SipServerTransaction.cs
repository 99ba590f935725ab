using System.Buffers;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2 with RFC 6026): it answers retransmissions of its request
/// with the last response, retransmits a non-2xx final response to an INVITE over UDP until the
/// ACK comes (Timers G and H), absorbs that ACK (Timer I), and keeps a 2xx-answered INVITE in
/// Accepted for the linger (Timer L, 64·T1 by default). Non-INVITE: Trying, Proceeding, Completed (Timer J).
/// </summary>
internal sealed class SipServerTransaction
{
    private readonly Lock _lock = new();
    private readonly SipTransactionLayer _layer;
    private TransactionTimer _retransmitTimer;
    private TransactionTimer _timeoutTimer;
    private ReadOnlyMemory<byte>? _lastProvisional;
    private ReadOnlyMemory<byte>? _lastFinal;
    private TimeSpan _timerG;
    private string? _localTag;

    internal SipServerTransaction(SipTransactionLayer layer, SipTransactionKey key, SipInboundMessage request)
    {
        _layer = layer;
        Key = key;
        Request = request;
        ResponseTarget = request.ResponseTarget;
        IsReliable = request.IsReliable;
        IsInvite = request.Message.Method == SipMethod.Invite;
        State = IsInvite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
    }

    public SipTransactionKey Key { get; }

    /// <summary>
    /// The request; null once a final response leaves the transaction only absorbing retransmissions
    /// (Accepted, or a non-INVITE Completed), since every call leaves one lingering (Timer L or J).
    /// </summary>
    public SipInboundMessage? Request { get; private set; }

    /// <summary>Where responses go (the request's, kept after it is released).</summary>
    public SipResponseTarget ResponseTarget { get; }

    public bool IsReliable { get; }

    public bool IsInvite { get; }

    public SipTransactionState State { get; private set; }

    /// <summary>The status of the last response sent; 0 before any (100 Trying counts).</summary>
    public int LastStatusCode { get; private set; }

    /// <summary>Whether a final response was sent.</summary>
    public bool HasFinalResponse => LastStatusCode >= 200;

    /// <summary>The user's state for this request (the proxy's response context).</summary>
    public object? UserState { get; set; }

    /// <summary>The To tag of responses this element makes itself (one per transaction, RFC 3261 §8.2.6.2).</summary>
    public string LocalTag
    {
        get
        {
            lock (_lock)
            {
                return _localTag ??= SipIdentifiers.NewTag();
            }
        }
    }

    /// <summary>
    /// Sends a response the user made (a forwarded one, usually) and moves the state machine. False
    /// when the state does not allow it (a final response already went, or the transaction ended).
    /// </summary>
    public bool SendResponse(ReadOnlyMemory<byte> response, int statusCode)
    {
        lock (_lock)
        {
            if (!Accepts(statusCode))
            {
                return false;
            }

            LastStatusCode = statusCode;
            if (statusCode < 200)
            {
                _lastProvisional = response;
                if (!IsInvite)
                {
                    State = SipTransactionState.Proceeding;
                }
            }
            else if (State != SipTransactionState.Accepted)
            {
                EnterFinalState(statusCode, response);
            }

            _layer.SendResponse(ResponseTarget, response);
            _layer.Metrics?.ResponseSent(statusCode);
            return true;
        }
    }

    /// <summary>
    /// Makes a response from the request (RFC 3261 §8.2.6) and sends it; To gets <see cref="LocalTag"/>
    /// unless it is 100. False, like <see cref="SendResponse"/>, once a final response went.
    /// </summary>
    public bool Respond(int statusCode, string reasonPhrase, string? extraHeaders = null)
    {
        if (Request is not { } request)
        {
            return false;
        }

        var tag = statusCode == 100 ? null : LocalTag;
        return SendResponse(Build(request, statusCode, reasonPhrase, tag, extraHeaders), statusCode);
    }

    /// <summary>Makes a response to <paramref name="request"/> with its Via annotated (received, rport).</summary>
    public static ReadOnlyMemory<byte> Build(SipInboundMessage request, int statusCode, string reasonPhrase, string? toTag, string? extraHeaders)
    {
        var output = new ArrayBufferWriter<byte>(512);
        SipMessageWriter.WriteResponse(output, request.Message, statusCode, Encoding.UTF8.GetBytes(reasonPhrase), new SipResponseOptions
        {
            ToTag = toTag is null ? default : Encoding.ASCII.GetBytes(toTag),
            ExtraHeaders = extraHeaders is null ? default : Encoding.UTF8.GetBytes(extraHeaders),
            ViaReceived = request.ViaReceived,
            ViaRPort = request.ViaRPort,
        });
        return output.WrittenMemory;
    }

    /// <summary>An INVITE transaction starts with 100 Trying, at once (RFC 3261 §17.2.1, §16.2); every one arms the safety net.</summary>
    internal void Start()
    {
        lock (_lock)
        {
            ArmTimeout(_layer.Timers.MaxServerTransactionLifetime);
        }

        if (IsInvite)
        {
            Respond(100, "Trying");
        }
    }

    /// <summary>The request came again: answer with the last response, as the state says.</summary>
    internal void OnRetransmission()
    {
        lock (_lock)
        {
            var resend = State switch
            {
                SipTransactionState.Proceeding => _lastProvisional,
                SipTransactionState.Completed => _lastFinal,
                _ => null,
            };
            if (resend is { } bytes)
            {
                _layer.SendResponse(ResponseTarget, bytes);
            }
        }
    }

    /// <summary>An ACK with this transaction's key. True when it belongs to the user (the INVITE was answered with a 2xx).</summary>
    internal bool OnAck()
    {
        lock (_lock)
        {
            switch (State)
            {
                case SipTransactionState.Completed:
                    State = SipTransactionState.Confirmed;
                    _retransmitTimer.Disarm();
                    if (IsReliable)
                    {
                        TerminateLocked();
                    }
                    else
                    {
                        ArmTimeout(_layer.Timers.T4);
                    }

                    return false;
                case SipTransactionState.Accepted:
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Stops the timers and forgets the transaction (the layer is stopping).</summary>
    internal void Terminate()
    {
        lock (_lock)
        {
            TerminateLocked();
        }
    }

    private bool Accepts(int statusCode) => State switch
    {
        SipTransactionState.Trying or SipTransactionState.Proceeding => true,
        SipTransactionState.Accepted => statusCode is >= 200 and < 300,
        _ => false,
    };

    private void EnterFinalState(int statusCode, ReadOnlyMemory<byte> response)
    {
        // Responses are kept only while a retransmitted request is answered with them: every call
        // leaves its transactions lingering (Timer J or L), so what they hold is the edge's memory per call/s.
        _lastProvisional = null;
        var timers = _layer.Timers;
        if (IsInvite && statusCode < 300)
        {
            // Accepted resends nothing: the UAS retransmits its 2xx, which comes through the client transaction.
            Request = null;
            State = SipTransactionState.Accepted;
            ArmTimeout(timers.LingerTime);
            return;
        }

        State = SipTransactionState.Completed;
        _lastFinal = response;
        if (IsInvite)
        {
            if (!IsReliable)
            {
                _timerG = timers.T1;
                ArmRetransmit(_timerG);
            }

            ArmTimeout(timers.TransactionTimeout);
        }
        else if (IsReliable)
        {
            TerminateLocked();
        }
        else
        {
            Request = null;
            ArmTimeout(timers.LingerTime);
        }
    }

    private void OnTimerG()
    {
        lock (_lock)
        {
            if (State != SipTransactionState.Completed || _lastFinal is not { } final)
            {
                return;
            }

            _layer.SendResponse(ResponseTarget, final);
            _timerG = TimeSpan.FromTicks(Math.Min(_timerG.Ticks * 2, _layer.Timers.T2.Ticks));
            ArmRetransmit(_timerG);
        }
    }

    /// <summary>Timer H (no ACK), I, J or L (retransmissions absorbed long enough), or the safety net, by state.</summary>
    private void OnTimeoutTimer()
    {
        lock (_lock)
        {
            switch (State)
            {
                case SipTransactionState.Trying or SipTransactionState.Proceeding:
                    _layer.OnAbandoned(this);
                    break;
                case SipTransactionState.Completed when IsInvite:
                    _layer.OnAckTimeout(this);
                    break;
                case SipTransactionState.Terminated:
                    return;
            }

            TerminateLocked();
        }
    }

    private void TerminateLocked()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }

        State = SipTransactionState.Terminated;
        _retransmitTimer.Disarm();
        _timeoutTimer.Disarm();
        _layer.Remove(this);
    }

    private void ArmRetransmit(TimeSpan due) =>
        _retransmitTimer.Arm(_layer.Wheel, static s => ((SipServerTransaction)s!).OnTimerG(), this, due);

    private void ArmTimeout(TimeSpan due) =>
        _timeoutTimer.Arm(_layer.Wheel, static s => ((SipServerTransaction)s!).OnTimeoutTimer(), this, due);
}
