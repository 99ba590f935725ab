namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>An event in the life of a call, keyed by Call-ID: any edge may report any of them (the BYE often reaches another edge than the INVITE).</summary>
public abstract record CallReport(string CallId);

/// <summary>A call sent to a destination by an algorithm other than 10, so that its load is visible too.</summary>
public sealed record CallStarted(string CallId, int SetId, string DestinationKey) : CallReport(CallId);

/// <summary>
/// Failover moved the call to another destination. With <paramref name="RespectMaxLoad"/> (algorithm 10)
/// the move is refused (false) when that destination is at its <c>maxload</c>, and the edge tries the next.
/// </summary>
public sealed record CallMoved(string CallId, int SetId, string DestinationKey, bool RespectMaxLoad) : CallReport(CallId);

/// <summary>A 2xx answered the INVITE.</summary>
public sealed record CallConfirmed(string CallId) : CallReport(CallId);

/// <summary>In-dialog traffic (re-INVITE, UPDATE, INFO …): the call is alive, so its expiry starts again.</summary>
public sealed record CallActivity(string CallId) : CallReport(CallId);

/// <summary>BYE, CANCEL, or a final failure of the INVITE.</summary>
public sealed record CallEnded(string CallId) : CallReport(CallId);
