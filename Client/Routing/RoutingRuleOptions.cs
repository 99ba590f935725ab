namespace OrleansLB.Client.Routing;

/// <summary>
/// One rule of <c>Routing:Rules</c> as written. Conditions are all optional and must all hold;
/// the action is a dispatch (<see cref="SetId"/> and its settings) or a reject (<see cref="RejectCode"/>).
/// </summary>
internal sealed record RoutingRuleOptions
{
    /// <summary>Unique (ignoring case); logs and metrics name the rule by it.</summary>
    public string? Name { get; init; }

    /// <summary>Methods the request must have, case-sensitive: <c>["INVITE"]</c>.</summary>
    public IReadOnlyList<string?>? Methods { get; init; }

    /// <summary>Addresses or CIDR networks, IPv4 or IPv6, one of which the source must be in.</summary>
    public IReadOnlyList<string?>? Source { get; init; }

    public string? RequestUriUserPrefix { get; init; }

    /// <summary>A .NET regular expression that must find a match in the Request-URI user.</summary>
    public string? RequestUriUserPattern { get; init; }

    /// <summary>A header name, full or compact (<c>Subject</c> or <c>s</c>), ignoring case; needs <see cref="HeaderValue"/> or <see cref="HeaderPattern"/>.</summary>
    public string? Header { get; init; }

    public string? HeaderValue { get; init; }

    public string? HeaderPattern { get; init; }

    public string? SetId { get; init; }

    /// <summary>A number, name or Kamailio constant: <c>4</c>, <c>round-robin</c>, <c>DS_ALG_ROUNDROBIN</c>; round-robin when not set.</summary>
    public string? Algorithm { get; init; }

    public string? Limit { get; init; }

    public IReadOnlyList<string?>? FailoverCodes { get; init; }

    public string? FailoverOnTimeout { get; init; }

    public string? RejectCode { get; init; }

    public string? RejectReason { get; init; }
}
