using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>How one request is forwarded: what its copies change, and what failover and call accounting apply.</summary>
internal sealed record ProxyForwardPlan
{
    /// <summary>Leading Route values that are ours, to remove (0, 1, or 2 after a double Record-Route).</summary>
    public int RemoveRoutes { get; init; }

    /// <summary>Every Route value is removed: an initial request goes where the rules send it, not where a pre-loaded Route says.</summary>
    public bool RemoveAllRoutes { get; init; }

    /// <summary>The transport our removed Route named, for a next hop that names none.</summary>
    public SipTransportKind? TransportHint { get; init; }

    public bool RecordRoute { get; init; }

    public uint LoopHash { get; init; }

    public bool IsInvite { get; init; }

    /// <summary>The dispatch rule, for failover; null for in-dialog requests (one next hop, no failover).</summary>
    public DispatchAction? Action { get; init; }

    /// <summary>An initial INVITE dispatched to a set: its call is counted and its outcome reported.</summary>
    public bool CountsCall { get; init; }
}
