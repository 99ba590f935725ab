using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Proxy;

namespace OrleansLB.Client.Configuration;

/// <summary>Reads the <c>Proxy</c> section; advertised addresses are written <c>host[:port]</c>.</summary>
internal static class ProxyConfiguration
{
    public static ProxyOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(ProxyOptions.SectionName), errors);
        var d = new ProxyOptions();
        var options = new ProxyOptions
        {
            AdvertisedUdp = Address(section, nameof(d.AdvertisedUdp)),
            AdvertisedTcp = Address(section, nameof(d.AdvertisedTcp)),
            DefaultTransport = section.Enum(nameof(d.DefaultTransport), d.DefaultTransport),
            RegisterResponseCode = section.Int(nameof(d.RegisterResponseCode), d.RegisterResponseCode, 0, 699),
            RegisterResponseReason = section.String(nameof(d.RegisterResponseReason), d.RegisterResponseReason)!,
            FailoverTimeout = section.Duration(nameof(d.FailoverTimeout), d.FailoverTimeout),
            RingTimeout = section.Duration(nameof(d.RingTimeout), d.RingTimeout),
            MaxForwards = section.Int(nameof(d.MaxForwards), d.MaxForwards, 1, 255),
            RecordRoute = section.Bool(nameof(d.RecordRoute), d.RecordRoute),
            HashValueHeader = section.String(nameof(d.HashValueHeader)),
            MarkDownOnTimeout = section.Bool(nameof(d.MarkDownOnTimeout), d.MarkDownOnTimeout),
            Relay = section.Enum(nameof(d.Relay), d.Relay),
            RelayPeers = Networks(section, nameof(d.RelayPeers)),
        };
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate().Where(e => !errors.Contains(e)));
        return options;
    }

    private static List<SourceNetwork> Networks(SectionReader section, string key)
    {
        var networks = new List<SourceNetwork>();
        var texts = section.Strings(key) ?? [];
        for (var i = 0; i < texts.Count; i++)
        {
            if (SourceNetwork.TryParse(texts[i], out var network, out var problem))
            {
                networks.Add(network);
            }
            else
            {
                section.Error($"{key}:{i}", problem!);
            }
        }

        return networks;
    }

    private static ProxyAdvertisedAddress? Address(SectionReader section, string key)
    {
        if (section.String(key) is not { } text)
        {
            return null;
        }

        var host = text.Trim();
        var port = 5060;
        // [v6]:port, or name/v4:port; a bare IPv6 address has several colons and no port.
        var colon = host.StartsWith('[') ? host.IndexOf("]:", StringComparison.Ordinal) + 1 : host.Count(c => c == ':') == 1 ? host.IndexOf(':') : -1;
        if (colon > 0)
        {
            if (!int.TryParse(host[(colon + 1)..], out port) || port is < 1 or > 65_535)
            {
                section.Error(key, $"'{text}' has no valid port; write host or host:port, such as sip.example.com:5060");
                return null;
            }

            host = host[..colon];
        }

        return new ProxyAdvertisedAddress(host.Trim('[', ']'), port);
    }
}
