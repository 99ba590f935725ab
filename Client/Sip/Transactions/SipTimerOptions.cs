namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// The <c>Sip:Timers</c> section: RFC 3261's timer base values (§17.1.1.1, table 4), from which
/// the other timers derive (A and E start at T1; B, F and H are 64·T1; E and G stop doubling at
/// T2; I and K are T4), and the linger (D, J and the RFC 6026 timers L and M). Over TCP the waits
/// that only absorb retransmissions (D, I, J, K) are 0.
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

    /// <summary>
    /// How long a transaction with its final response stays to absorb retransmissions: Timers D, J,
    /// L and M. Null for RFC 3261 and 6026's 64·T1 (32 s). Every call keeps its transactions this
    /// long, so it sets the edge's memory per call/s; Kamailio's tm keeps them 5 s (<c>wt_timer</c>).
    /// Shorter is safe for what a proxy relays statelessly anyway (a 2xx retransmitted later goes
    /// upstream as a stray response); a request retransmitted after it is relayed again.
    /// </summary>
    public TimeSpan? Linger { get; init; }

    /// <summary>64·T1: timers B, F and H, and a CANCELled INVITE's wait for its final response.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary><see cref="Linger"/>, or 64·T1 when it is not set.</summary>
    public TimeSpan LingerTime => Linger ?? TransactionTimeout;

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

        if (Linger is { } linger && (linger < TimeSpan.FromSeconds(1) || linger > TransactionTimeout))
        {
            errors.Add($"Sip:Timers:Linger is {linger}; set it between 1 second and 64*T1 ({TransactionTimeout}), or leave it out for 64*T1 (Kamailio's wt_timer is 5 seconds).");
        }

        if (MaxServerTransactionLifetime < TransactionTimeout)
        {
            errors.Add($"Sip:Timers:MaxServerTransactionLifetime is {MaxServerTransactionLifetime}; set it to at least 64*T1 ({TransactionTimeout}) and above the proxy's ring timeout.");
        }

        return errors;
    }
}
