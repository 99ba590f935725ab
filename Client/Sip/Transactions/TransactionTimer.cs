namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// One of a transaction's two timers (retransmit, timeout): made on first use and re-armed for
/// each step (A doubles, then B; G, then H …). A struct field, so a transaction that never needs
/// it pays nothing.
/// </summary>
internal struct TransactionTimer
{
    private TimerWheel.Entry? _timer;

    public void Arm(TimerWheel wheel, TimerCallback callback, object state, TimeSpan due)
    {
        _timer ??= wheel.Create(callback, state);
        _timer.Arm(due);
    }

    public readonly void Disarm() => _timer?.Disarm();
}
