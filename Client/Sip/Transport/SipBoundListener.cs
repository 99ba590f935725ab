namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// A listener as bound: the actual end point (port 0 resolved) and what Via and Record-Route are
/// to name for it. <see cref="AdvertisedHost"/> is null for a wildcard address with nothing
/// advertised: the proxy then names the address the message was sent from. An address is written
/// as <see cref="System.Net.IPAddress.ToString"/> gives it (IPv6 without brackets).
/// </summary>
internal sealed record SipBoundListener(SipEndPoint EndPoint, string? AdvertisedHost, int AdvertisedPort)
{
    public static SipBoundListener From(SipListenerOptions options, SipEndPoint bound) => new(
        bound,
        options.AdvertisedHost ?? (bound.EndPoint.Address.Equals(System.Net.IPAddress.Any) || bound.EndPoint.Address.Equals(System.Net.IPAddress.IPv6Any) ? null : bound.EndPoint.Address.ToString()),
        options.AdvertisedPort ?? bound.EndPoint.Port);
}
