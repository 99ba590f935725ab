using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Routing;

/// <summary>
/// Send the request to a destination of dispatcher set <see cref="SetId"/> chosen by
/// <see cref="Algorithm"/> (Kamailio's <c>ds_select_dst_limit(set, alg, limit)</c>), and on a
/// failover response or a timeout to the next one (its failure route with <c>ds_next_dst</c>).
/// </summary>
internal sealed record DispatchAction(int SetId, DispatcherAlgorithm Algorithm) : RoutingAction
{
    /// <summary>
    /// How many destinations one request may try, the first included (Kamailio's <c>limit</c>);
    /// <see langword="null"/> for all of the set. 1 turns failover off.
    /// </summary>
    public int? Limit { get; init; }

    /// <summary>Final responses from a destination that make the request try the next one.</summary>
    public ResponseCodeSet FailoverCodes { get; init; } = ResponseCodeSet.DefaultFailover;

    /// <summary>
    /// Whether a destination that gives no final response in time is followed by the next one.
    /// Apart from <see cref="FailoverCodes"/>: Kamailio shows a timeout to its failure route as a
    /// local 408, so a script without 408 in <c>t_check_status</c> does not fail over on timeouts.
    /// </summary>
    public bool FailoverOnTimeout { get; init; } = true;

    /// <summary>Whether this final response from a destination sends the request on to the next one.</summary>
    public bool IsFailover(int statusCode) => FailoverCodes.Contains(statusCode);
}
