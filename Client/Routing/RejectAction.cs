namespace OrleansLB.Client.Routing;

/// <summary>Answer the request statelessly with this final response (Kamailio's <c>sl_send_reply</c>).</summary>
internal sealed record RejectAction(int Code, string Reason) : RoutingAction
{
    /// <summary>What a request no rule matches gets unless configured otherwise: this edge is no open relay.</summary>
    public static RejectAction DefaultNoMatch { get; } = new(403, "Forbidden");
}
