namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The RFC 3261 timer base values (§17.1.1.1, table 4). Every other timer derives from them:
/// A and E start at T1, B, F, H, J and the RFC 6026 timers L and M are 64·T1, E and G stop
/// doubling at T2, I and K are T4. Over TCP the waits that only absorb retransmissions (D, I, J, K) are 0.
/// </summary>
internal sealed record SipTimerOptions
{
    public static SipTimerOptions Default { get; } = new();

    /// <summary>Round-trip estimate: the first retransmission interval (500 ms).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retransmission interval for non-INVITE requests and INVITE responses (4 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message stays in the network (5 s).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A safety net, not an RFC timer: a server transaction its user never answered is dropped after
    /// this long, so a bug cannot keep transactions forever. Longer than any ring timeout.
    /// </summary>
    public TimeSpan MaxServerTransactionLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>64·T1: timers B, F, H, J (UDP), L and M, and the ACK wait of Timer D.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Every problem, each naming its key and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (T1 < TimeSpan.FromMilliseconds(10) || T1 > TimeSpan.FromSeconds(10))
        {
            errors.Add($"Sip:Timers:T1 is {T1}; set it between 10 milliseconds and 10 seconds (RFC 3261's default is 500 milliseconds).");
        }

        if (T2 < T1 || T2 > TimeSpan.FromSeconds(60))
        {
            errors.Add($"Sip:Timers:T2 is {T2}; set it between T1 ({T1}) and 60 seconds (RFC 3261's default is 4 seconds).");
        }

        if (T4 < TimeSpan.Zero || T4 > TimeSpan.FromSeconds(60))
        {
            errors.Add($"Sip:Timers:T4 is {T4}; set it between 0 and 60 seconds (RFC 3261's default is 5 seconds).");
        }

        if (MaxServerTransactionLifetime < TransactionTimeout)
        {
            errors.Add($"Sip:Timers:MaxServerTransactionLifetime is {MaxServerTransactionLifetime}; set it to at least 64*T1 ({TransactionTimeout}) and above the proxy's ring timeout.");
        }

        return errors;
    }
}
