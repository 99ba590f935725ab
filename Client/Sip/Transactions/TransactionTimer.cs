namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// One of a transaction's two timers (retransmit, timeout): made on first use and re-armed for
/// each step (A doubles, then B; G, then H …). A struct field, so a transaction that never needs
/// it pays nothing.
/// </summary>
internal struct TransactionTimer
{
    private ITimer? _timer;

    public void Arm(TimeProvider time, TimerCallback callback, object state, TimeSpan due)
    {
        _timer ??= time.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public readonly void Disarm() => _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public readonly void Dispose() => _timer?.Dispose();
}
