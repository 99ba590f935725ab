using OrleansLB.Client.Observability;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// One request forwarded statefully (RFC 3261 §16's response context): its server transaction, the
/// targets tried one after the other (serial failover, the seeds' <c>failure_route</c> with
/// <c>ds_next_dst</c>), the live branch, and the timers that stand for Kamailio's <c>fr_timer</c>
/// (no response) and <c>fr_inv_timer</c> (ringing). Every path ends in exactly one final response upstream.
/// </summary>
internal sealed class ProxyResponseContext : ISipClientTransactionUser
{
    private readonly Lock _lock = new();
    private readonly SipProxy _proxy;
    private readonly SipServerTransaction _server;
    private readonly ProxyForwardPlan _plan;
    private IReadOnlyList<ProxyTarget> _targets = [];
    private ITimer? _timer;
    private TimerPurpose _timerPurpose;
    private int _next;
    private string? _branch;
    private SipClientTransaction? _current;
    private ProxyTarget? _currentTarget;
    private bool _finished;
    private bool _cancelled;

    public ProxyResponseContext(SipProxy proxy, SipServerTransaction server, SipInboundMessage request, ProxyForwardPlan plan)
    {
        _proxy = proxy;
        _server = server;
        _plan = plan;
        CallId = request.CallId;
    }

    private enum TimerPurpose
    {
        NoResponse,
        Ringing,
        CancelWait,
    }

    public string CallId { get; }

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _finished;
            }
        }
    }

    /// <summary>Tries the targets in order; none, or none left, ends in 503.</summary>
    public Task StartAsync(IReadOnlyList<ProxyTarget> targets)
    {
        lock (_lock)
        {
            _targets = targets;
        }

        return TryNextAsync();
    }

    /// <summary>The caller cancelled (RFC 3261 §16.10): cancel the live branch, and answer 487 when it does (or when it does not in time).</summary>
    public void Cancel()
    {
        SipClientTransaction? current;
        lock (_lock)
        {
            if (_finished || _cancelled)
            {
                return;
            }

            _cancelled = true;
            current = _current;
            Arm(TimerPurpose.CancelWait, _proxy.Options.FailoverTimeout);
        }

        current?.Cancel();
    }

    public void OnResponse(SipClientTransaction transaction, SipInboundMessage response)
    {
        var status = response.Message.StatusCode;
        if (status is >= 200 and < 300)
        {
            OnSuccess(transaction, response, status);
            return;
        }

        var failover = false;
        lock (_lock)
        {
            if (transaction.Branch != _branch || _finished)
            {
                return;
            }

            if (status < 200)
            {
                if (!_cancelled)
                {
                    if (_plan.IsInvite)
                    {
                        Arm(TimerPurpose.Ringing, _proxy.Options.RingTimeout);
                    }
                    else
                    {
                        Disarm();
                    }
                }

                if (status > 100)
                {
                    Forward(response, status);
                }

                return;
            }

            if (!_cancelled && _plan.Action is { } action && action.IsFailover(status))
            {
                failover = BranchFailed(status);
            }
            else
            {
                Finish(response, status);
            }
        }

        if (failover)
        {
            _ = TryNextAsync();
        }
    }

    public void OnFailed(SipClientTransaction transaction, SipClientFailure failure)
        => OnBranchFailed(transaction.Branch, failure == SipClientFailure.Timeout ? 408 : 503, cancelBranch: false);

    private async Task TryNextAsync()
    {
        try
        {
            while (true)
            {
                ProxyTarget target;
                bool moved;
                lock (_lock)
                {
                    if (EndedOrCancelled())
                    {
                        return;
                    }

                    if (_next >= _targets.Count)
                    {
                        FinishLocally(503, "Service Unavailable");
                        return;
                    }

                    moved = _next > 0;
                    target = _targets[_next++];
                }

                if (moved && !await MoveCallAsync(target).ConfigureAwait(false))
                {
                    continue;
                }

                if (_server.Request is not { } request)
                {
                    // A final response went meanwhile, so the transaction let go of the request.
                    return;
                }

                var transport = _proxy.TransportFor(request, _plan);
                var endPoint = await _proxy.Resolver.ResolveAsync(target.Uri, transport).ConfigureAwait(false);
                var branch = SipIdentifiers.NewBranch(_plan.LoopHash);
                var built = endPoint is { } e ? _proxy.BuildForward(request, _plan, e, branch) : null;
                if (built is not { } bytes)
                {
                    _proxy.LogUnusableTarget(target.Uri, CallId);
                    continue;
                }

                lock (_lock)
                {
                    if (EndedOrCancelled())
                    {
                        return;
                    }

                    _branch = branch;
                    _currentTarget = target;
                    _current = null;
                    Arm(TimerPurpose.NoResponse, _proxy.Options.FailoverTimeout);
                }

                _proxy.LogForwarding(request.Message.Method, CallId, target.Uri);
                var transaction = _proxy.Layer.StartClientTransaction(bytes, endPoint!.Value, this);
                transaction.UserState = target;
                bool cancelledMeanwhile;
                lock (_lock)
                {
                    cancelledMeanwhile = _branch == branch && _cancelled;
                    if (_branch == branch)
                    {
                        _current = transaction;
                    }
                }

                if (cancelledMeanwhile)
                {
                    // The caller's CANCEL came while the branch was starting, before Cancel() could see it.
                    transaction.Cancel();
                }

                return;
            }
        }
        catch (Exception ex)
        {
            _proxy.LogRequestFailed(ex, CallId);
            lock (_lock)
            {
                FinishLocally(500, "Server Internal Error");
            }
        }
    }

    /// <summary>Failover moved the call (RFC: a new branch to the next destination); algorithm 10 may refuse a full one.</summary>
    private async ValueTask<bool> MoveCallAsync(ProxyTarget target)
    {
        if (!_plan.CountsCall || _plan.Action is not { } action || target.Destination is not { } destination)
        {
            return true;
        }

        var respectMaxLoad = action.Algorithm == DispatcherAlgorithm.CallLoad;
        var accepted = await _proxy.ReportCallAsync(new CallMoved(CallId, action.SetId, destination.Key, respectMaxLoad)).ConfigureAwait(false);
        return accepted || !respectMaxLoad;
    }

    private void OnSuccess(SipClientTransaction transaction, SipInboundMessage response, int status)
    {
        var bytes = SipProxy.ForwardedResponse(response);
        bool first;
        SipClientTransaction? other = null;
        lock (_lock)
        {
            first = !_finished;
            if (first)
            {
                _finished = true;
                DisposeTimer();
                if (transaction.Branch != _branch)
                {
                    // A branch given up on answered after all: the call is there, stop the one that took over.
                    other = _current;
                }
            }

            // Every 2xx goes upstream (§16.7 step 5): through the transaction while it takes them, else as is.
            if (bytes is { } forwarded && !_server.SendResponse(forwarded, status))
            {
                _proxy.Layer.SendResponse(_server.ResponseTarget, forwarded);
            }
        }

        other?.Cancel();
        if (first)
        {
            AttemptEnded(transaction.UserState as ProxyTarget, CallOutcome.Answered);
        }

        if (first && _plan.CountsCall)
        {
            if (other is not null && _plan.Action is { } action && transaction.UserState is ProxyTarget { Destination: { } d })
            {
                _proxy.ReportCall(new CallMoved(CallId, action.SetId, d.Key, RespectMaxLoad: false));
            }

            _proxy.ReportCall(new CallConfirmed(CallId));
        }
    }

    private void OnBranchFailed(string? branch, int status, bool cancelBranch)
    {
        var failover = false;
        SipClientTransaction? current;
        lock (_lock)
        {
            if (branch is null || branch != _branch || _finished)
            {
                return;
            }

            current = _current;
            if (_cancelled)
            {
                FinishLocally(487, "Request Terminated");
            }
            else if (_plan.Action is { } action && (status == 408 ? action.FailoverOnTimeout : action.IsFailover(status)))
            {
                failover = BranchFailed(status, unreachable: true);
            }
            else
            {
                FinishLocally(status, status == 408 ? "Request Timeout" : "Service Unavailable");
            }
        }

        if (cancelBranch)
        {
            current?.Cancel();
        }

        if (failover)
        {
            _ = TryNextAsync();
        }
    }

    /// <summary>Kamailio's <c>ds_mark_dst</c>, then on to the next target. Under the lock.</summary>
    private bool BranchFailed(int status, bool unreachable = false)
    {
        if (_currentTarget?.Destination is { } destination)
        {
            _proxy.ReportHealth(unreachable && _plan.IsInvite && _proxy.Options.MarkDownOnTimeout
                ? new DestinationUnreachable(destination.Key)
                : new CallFailed(destination.Key, status));
            _proxy.LogFailover(CallId, destination.Uri, status);
            AttemptEnded(_currentTarget, status == 408 ? CallOutcome.Timeout : CallOutcome.Failed);
            _proxy.Layer.Metrics?.Failover(_plan.Action!.SetId, destination);
        }

        _branch = null;
        _current = null;
        Disarm();
        return true;
    }

    private void OnTimer()
    {
        TimerPurpose purpose;
        string? branch;
        SipClientTransaction? current;
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            purpose = _timerPurpose;
            branch = _branch;
            current = _current;
            if (purpose == TimerPurpose.Ringing)
            {
                // Timer C: the callee rang too long. Not the destination's fault: no failover, no health report.
                FinishLocally(408, "Request Timeout");
            }
            else if (purpose == TimerPurpose.CancelWait)
            {
                FinishLocally(487, "Request Terminated");
            }
        }

        if (purpose == TimerPurpose.NoResponse)
        {
            OnBranchFailed(branch, 408, cancelBranch: true);
        }
        else
        {
            current?.Cancel();
        }
    }

    private bool EndedOrCancelled()
    {
        if (_finished)
        {
            return true;
        }

        if (_cancelled)
        {
            FinishLocally(487, "Request Terminated");
            return true;
        }

        return false;
    }

    private void Forward(SipInboundMessage response, int status)
    {
        if (SipProxy.ForwardedResponse(response) is { } bytes)
        {
            _server.SendResponse(bytes, status);
        }
    }

    /// <summary>Passes a final non-2xx response up and ends. Under the lock.</summary>
    private void Finish(SipInboundMessage response, int status)
    {
        AttemptEnded(_currentTarget, status switch
        {
            487 when _cancelled => CallOutcome.Cancelled,
            408 => CallOutcome.Timeout,
            _ => CallOutcome.Rejected,
        });
        _finished = true;
        Disarm();
        if (SipProxy.ForwardedResponse(response) is { } bytes)
        {
            _server.SendResponse(bytes, status);
        }
        else
        {
            _server.Respond(502, "Bad Gateway");
        }

        Ended();
    }

    /// <summary>Answers with a response made here and ends. Under the lock.</summary>
    private void FinishLocally(int status, string reason)
    {
        if (_finished)
        {
            return;
        }

        if (_branch is not null)
        {
            // The live attempt ends here: cancelled, timed out, or its transport failed.
            AttemptEnded(_currentTarget, status switch
            {
                487 => CallOutcome.Cancelled,
                408 => CallOutcome.Timeout,
                _ => CallOutcome.Failed,
            });
        }

        _finished = true;
        Disarm();
        _server.Respond(status, reason);
        Ended();
    }

    /// <summary>Counts how an attempt of a dispatched INVITE ended at its destination.</summary>
    private void AttemptEnded(ProxyTarget? target, CallOutcome outcome)
    {
        if (_plan.CountsCall && _plan.Action is { } action && target?.Destination is { } destination)
        {
            _proxy.Layer.Metrics?.CallEnded(action.SetId, destination, outcome);
        }
    }

    private void Ended()
    {
        // Nothing was selected, so nothing was counted.
        if (_plan.CountsCall && _targets.Count > 0)
        {
            _proxy.ReportCall(new CallEnded(CallId));
        }

        DisposeTimer();
    }

    private void DisposeTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void Arm(TimerPurpose purpose, TimeSpan due)
    {
        _timerPurpose = purpose;
        _timer ??= _proxy.Time.CreateTimer(static s => ((ProxyResponseContext)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void Disarm() => _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
