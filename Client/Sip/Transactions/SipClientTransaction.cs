using System.Buffers;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// A client transaction (RFC 3261 §17.1 with RFC 6026). INVITE: Calling (Timer A retransmits over
/// UDP, doubling; Timer B ends it), Proceeding, Completed (the hop-by-hop ACK for a non-2xx final
/// response, resent for each retransmission until Timer D), Accepted after a 2xx (Timer M).
/// Non-INVITE: Trying and Proceeding (Timer E retransmits over UDP, doubling up to T2; Timer F
/// ends it), Completed (Timer K). CANCEL (§9.1) is sent only once a provisional response came.
/// </summary>
internal sealed class SipClientTransaction
{
    private readonly Lock _lock = new();
    private readonly SipTransactionLayer _layer;
    private readonly ISipClientTransactionUser _user;
    private readonly TimeSpan _timeout;
    private TransactionTimer _retransmitTimer;
    private TransactionTimer _timeoutTimer;
    private TimeSpan _interval;
    private ReadOnlyMemory<byte>? _ack;
    private bool _cancelRequested;
    private bool _cancelSent;

    internal SipClientTransaction(SipTransactionLayer layer, SipTransactionKey key, ReadOnlyMemory<byte> request, SipMessage parsed,
        SipEndPoint destination, ISipClientTransactionUser user, TimeSpan? timeout)
    {
        _layer = layer;
        _user = user;
        Key = key;
        RequestBytes = request;
        Destination = destination;
        IsInvite = parsed.Method == SipMethod.Invite;
        Request = IsInvite ? parsed : null;
        State = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
        _timeout = timeout ?? layer.Timers.TransactionTimeout;
        StartedAt = layer.Time.GetTimestamp();
    }

    public SipTransactionKey Key { get; }

    public string Branch => Key.Branch;

    /// <summary>
    /// The request as sent; null once nothing more is made from it: an INVITE accepted (it lingers,
    /// Timer M, after every call set up) or a non-INVITE completed (Timer K).
    /// </summary>
    public ReadOnlyMemory<byte>? RequestBytes { get; private set; }

    /// <summary>An INVITE as sent, parsed (for the CANCEL and ACK made from it); null with <see cref="RequestBytes"/>, and for other methods.</summary>
    public SipMessage? Request { get; private set; }

    public SipEndPoint Destination { get; }

    public bool IsInvite { get; }

    /// <summary>TCP: no retransmissions, and no waiting for them.</summary>
    public bool IsReliable => Destination.Transport != SipTransportKind.Udp;

    public SipTransactionState State { get; private set; }

    /// <summary>When the request was first sent (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    /// <summary>Whether a provisional response came (a CANCEL may be sent).</summary>
    public bool HasProvisional { get; private set; }

    /// <summary>The status of the first final response; 0 before one.</summary>
    public int FinalStatusCode { get; private set; }

    /// <summary>The user's state for this branch.</summary>
    public object? UserState { get; set; }

    /// <summary>
    /// Cancels an INVITE (RFC 3261 §9.1): the CANCEL goes now if a provisional response came, else as
    /// soon as one comes (retransmissions stop meanwhile). A transaction with a final response is left alone. Without a final response
    /// 64·T1 after the CANCEL, the transaction ends as timed out.
    /// </summary>
    public void Cancel()
    {
        lock (_lock)
        {
            if (!IsInvite || _cancelRequested || State is not (SipTransactionState.Calling or SipTransactionState.Proceeding))
            {
                return;
            }

            _cancelRequested = true;
            if (State == SipTransactionState.Proceeding)
            {
                SendCancelLocked();
            }
            else
            {
                // Kamailio's default cancel_b_method: stop retransmitting, wait for a provisional or Timer B.
                _retransmitTimer.Disarm();
            }
        }
    }

    /// <summary>Sends the request and arms the timers. A send that fails at once reports to the user before this returns.</summary>
    internal void Start()
    {
        lock (_lock)
        {
            if (!IsReliable)
            {
                _interval = _layer.Timers.T1;
                ArmRetransmit(_interval);
            }

            ArmTimeout(_timeout);
        }

        Send(RequestBytes!.Value, initial: true);
    }

    internal void OnResponse(SipInboundMessage response)
    {
        var status = response.Message.StatusCode;
        bool deliver;
        lock (_lock)
        {
            deliver = IsInvite ? OnInviteResponse(status) : OnNonInviteResponse(status);
            if (deliver && status >= 200 && FinalStatusCode == 0)
            {
                FinalStatusCode = status;
            }

            if (deliver && status >= 300 && IsInvite && _ack is null)
            {
                var ack = new ArrayBufferWriter<byte>(512);
                SipMessageWriter.WriteAck(ack, Request!, response.Message);
                _ack = ack.WrittenMemory;
                Send(ack.WrittenMemory, initial: false);
            }
        }

        if (deliver)
        {
            _user.OnResponse(this, response);
        }
    }

    internal void OnSendFailed()
    {
        lock (_lock)
        {
            if (State is not (SipTransactionState.Calling or SipTransactionState.Trying))
            {
                return;
            }

            TerminateLocked();
        }

        _user.OnFailed(this, SipClientFailure.TransportError);
    }

    /// <summary>Stops the timers and forgets the transaction (the layer is stopping).</summary>
    internal void Terminate()
    {
        lock (_lock)
        {
            TerminateLocked();
        }
    }

    private bool OnInviteResponse(int status)
    {
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 200:
                if (State == SipTransactionState.Calling)
                {
                    State = SipTransactionState.Proceeding;
                    HasProvisional = true;
                    _retransmitTimer.Disarm();
                    if (!_cancelRequested)
                    {
                        // Timer B only guards Calling; the user's Timer C takes over (RFC 3261 §16.8).
                        _timeoutTimer.Disarm();
                    }
                }

                if (_cancelRequested && !_cancelSent)
                {
                    SendCancelLocked();
                }

                return true;
            case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 300:
                State = SipTransactionState.Accepted;
                RequestBytes = null;
                Request = null;
                _retransmitTimer.Disarm();
                ArmTimeout(_layer.Timers.LingerTime);
                return true;
            case SipTransactionState.Calling or SipTransactionState.Proceeding:
                State = SipTransactionState.Completed;
                _retransmitTimer.Disarm();
                if (IsReliable)
                {
                    TerminateLocked();
                }
                else
                {
                    ArmTimeout(_layer.Timers.LingerTime);
                }

                return true;
            case SipTransactionState.Completed when status >= 300:
                // A retransmitted final response: its ACK was lost, send it again.
                if (_ack is { } resend)
                {
                    Send(resend, initial: false);
                }

                return false;
            case SipTransactionState.Accepted:
                return status is >= 200 and < 300;
            default:
                return false;
        }
    }

    private bool OnNonInviteResponse(int status)
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            return false;
        }

        if (status < 200)
        {
            State = SipTransactionState.Proceeding;
            HasProvisional = true;
            return true;
        }

        State = SipTransactionState.Completed;
        RequestBytes = null;
        _retransmitTimer.Disarm();
        if (IsReliable)
        {
            TerminateLocked();
        }
        else
        {
            ArmTimeout(_layer.Timers.T4);
        }

        return true;
    }

    private void SendCancelLocked()
    {
        _cancelSent = true;
        _layer.SendCancel(this);
        ArmTimeout(_layer.Timers.TransactionTimeout);
    }

    /// <summary>Timer A or E: retransmit while no response (A) or no final response (E) came.</summary>
    private void OnRetransmitTimer()
    {
        lock (_lock)
        {
            var timers = _layer.Timers;
            if (IsInvite ? State != SipTransactionState.Calling : State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return;
            }

            Send(RequestBytes!.Value, initial: false);
            _interval = IsInvite ? _interval * 2
                : State == SipTransactionState.Proceeding ? timers.T2
                : TimeSpan.FromTicks(Math.Min(_interval.Ticks * 2, timers.T2.Ticks));
            ArmRetransmit(_interval);
            _layer.CountRetransmission();
        }
    }

    /// <summary>Timer B or F (no final response), D, K or M (retransmissions absorbed long enough), or 64·T1 after a CANCEL.</summary>
    private void OnTimeoutTimer()
    {
        bool failed;
        lock (_lock)
        {
            if (State == SipTransactionState.Terminated)
            {
                return;
            }

            failed = State is SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding;
            TerminateLocked();
        }

        if (failed)
        {
            _user.OnFailed(this, SipClientFailure.Timeout);
        }
    }

    private void Send(ReadOnlyMemory<byte> bytes, bool initial) => _layer.Send(Destination, bytes, initial ? this : null);

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
        _retransmitTimer.Arm(_layer.Wheel, static s => ((SipClientTransaction)s!).OnRetransmitTimer(), this, due);

    private void ArmTimeout(TimeSpan due) =>
        _timeoutTimer.Arm(_layer.Wheel, static s => ((SipClientTransaction)s!).OnTimeoutTimer(), this, due);

    public override string ToString() => $"{Key.Method} {Branch} to {Destination} ({State})";
}
