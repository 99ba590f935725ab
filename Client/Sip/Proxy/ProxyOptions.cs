using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// The proxy core's settings, with Kamailio's parameters as the reference: <c>advertise</c>,
/// tm's <c>fr_timer</c> and <c>fr_inv_timer</c>, maxfwd's default, rr's <c>record_route()</c>,
/// dispatcher's <c>hash_pvar</c>. Validated at start-up.
/// </summary>
internal sealed record ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>What Record-Route names for UDP; the UDP listener's address when not set.</summary>
    public ProxyAdvertisedAddress? AdvertisedUdp { get; init; }

    /// <summary>What Record-Route names for TCP (with <c>transport=tcp</c>); the TCP listener's address when not set.</summary>
    public ProxyAdvertisedAddress? AdvertisedTcp { get; init; }

    /// <summary>The transport towards a URI that names none.</summary>
    public ProxyDefaultTransport DefaultTransport { get; init; } = ProxyDefaultTransport.Udp;

    /// <summary>The answer to REGISTER (the seeds' <c>404 No registrar</c>); 0 sends REGISTER through the routing rules.</summary>
    public int RegisterResponseCode { get; init; } = 404;

    public string RegisterResponseReason { get; init; } = "No registrar";

    /// <summary>
    /// How long a destination may give no response at all before the next one is tried (Kamailio's
    /// <c>fr_timer</c>); also how long a cancelled request waits for its 487 before one is made here.
    /// </summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an INVITE may ring after a provisional response (Timer C, Kamailio's <c>fr_inv_timer</c>); then it is cancelled with 408.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The Max-Forwards a forwarded request gets when it came without one.</summary>
    public int MaxForwards { get; init; } = 70;

    /// <summary>Whether initial INVITE, SUBSCRIBE and REFER requests get a Record-Route, so the dialog's requests come back through the edge.</summary>
    public bool RecordRoute { get; init; } = true;

    /// <summary>
    /// Whether an INVITE that gets no response at all from a destination (<see cref="FailoverTimeout"/>,
    /// or a transport error) marks it down at once, as a Kamailio failure route calling
    /// <c>ds_mark_dst("ip")</c> does: the next calls skip it without waiting for the probes or the
    /// failure threshold. Off by default; probing brings the destination back either way.
    /// </summary>
    public bool MarkDownOnTimeout { get; init; }

    /// <summary>The header whose value algorithm 7 hashes (Kamailio's <c>hash_pvar</c>), such as <c>X-Account</c>; null hashes nothing.</summary>
    public string? HashValueHeader { get; init; }

    /// <summary>Where in-dialog requests may be relayed: between the outside and the dispatcher destinations only, by default.</summary>
    public ProxyRelayPolicy Relay { get; init; } = ProxyRelayPolicy.Destinations;

    /// <summary>More "inside" addresses for <see cref="Relay"/>: servers that are no destination but take part in dialogs (an Asterisk's second address, a media server).</summary>
    public IReadOnlyList<SourceNetwork> RelayPeers { get; init; } = [];

    /// <summary>The advertised address of a transport, if set.</summary>
    public ProxyAdvertisedAddress? AdvertisedFor(SipTransportKind transport)
        => transport == SipTransportKind.Tcp ? AdvertisedTcp : AdvertisedUdp;

    /// <summary>Every problem, each naming its key and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ValidateAddress(nameof(AdvertisedUdp), AdvertisedUdp, errors);
        ValidateAddress(nameof(AdvertisedTcp), AdvertisedTcp, errors);
        if (!Enum.IsDefined(DefaultTransport))
        {
            errors.Add($"{SectionName}:{nameof(DefaultTransport)} {(int)DefaultTransport} is unknown; use Udp or Inbound.");
        }

        if (!Enum.IsDefined(Relay))
        {
            errors.Add($"{SectionName}:{nameof(Relay)} {(int)Relay} is unknown; use Destinations or Open.");
        }

        if (RegisterResponseCode != 0 && RegisterResponseCode is < 300 or > 699)
        {
            errors.Add($"{SectionName}:{nameof(RegisterResponseCode)} is {RegisterResponseCode}; give a final response from 300 to 699 (404 by default), or 0 to route REGISTER by the rules.");
        }

        if (RegisterResponseCode != 0 && string.IsNullOrWhiteSpace(RegisterResponseReason))
        {
            errors.Add($"{SectionName}:{nameof(RegisterResponseReason)} is empty; give a reason phrase such as 'No registrar'.");
        }

        if (FailoverTimeout < TimeSpan.FromMilliseconds(100) || FailoverTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{SectionName}:{nameof(FailoverTimeout)} is {FailoverTimeout}; set it between 100 milliseconds and 5 minutes (5 seconds by default).");
        }

        if (RingTimeout < TimeSpan.FromSeconds(1) || RingTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{SectionName}:{nameof(RingTimeout)} is {RingTimeout}; set it between 1 second and 10 minutes (120 seconds by default, like fr_inv_timer).");
        }

        if (MaxForwards is < 1 or > 255)
        {
            errors.Add($"{SectionName}:{nameof(MaxForwards)} is {MaxForwards}; set it between 1 and 255 (70 by default, RFC 3261 §8.1.1.6).");
        }

        if (HashValueHeader is not null && (HashValueHeader.Length == 0 || HashValueHeader.Any(c => c <= ' ' || c == ':')))
        {
            errors.Add($"{SectionName}:{nameof(HashValueHeader)} '{HashValueHeader}' is not a header name; give one such as X-Account, or leave it out.");
        }

        return errors;
    }

    private static void ValidateAddress(string name, ProxyAdvertisedAddress? address, List<string> errors)
    {
        if (address is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(address.Host) || address.Host.Any(c => char.IsWhiteSpace(c) || c is ';' or ',' or '<' or '>'))
        {
            errors.Add($"{SectionName}:{name}:Host '{address.Host}' is not a host name or address; give one such as sip.example.com or 203.0.113.7.");
        }

        if (address.Port is < 1 or > 65_535)
        {
            errors.Add($"{SectionName}:{name}:Port is {address.Port}; set it between 1 and 65535 (5060 is SIP's).");
        }
    }
}
