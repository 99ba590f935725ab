namespace OrleansLB.Client.Sip.Proxy;

/// <summary>Where requests that follow their own Route or Request-URI (in-dialog requests, ACKs for 2xx, late responses) may be relayed.</summary>
internal enum ProxyRelayPolicy
{
    /// <summary>
    /// Only between the outside and the inside: the sender or the next hop must be a dispatcher
    /// destination (or in <see cref="ProxyOptions.RelayPeers"/>). Anything else is refused with
    /// <c>403 Relaying Denied</c>, so the edge cannot carry a stranger's request to a third party.
    /// </summary>
    Destinations,

    /// <summary>Anywhere the Route set says, as Kamailio's <c>loose_route()</c> does: an open relay for anyone who adds a Route naming the edge.</summary>
    Open,
}
