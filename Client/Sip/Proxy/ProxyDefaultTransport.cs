namespace OrleansLB.Client.Sip.Proxy;

/// <summary>The transport towards a destination whose URI names none (no <c>transport</c> parameter).</summary>
internal enum ProxyDefaultTransport
{
    /// <summary>UDP, as RFC 3263 §4.1 has it for a sip URI with a numeric host or a port.</summary>
    Udp,

    /// <summary>The transport the request arrived on (what Kamailio does without DNS NAPTR records).</summary>
    Inbound,
}
