using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Configuration;
using OrleansLB.Client.Routing;
using OrleansLB.Grains.Configuration;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// The readers of operator text: a dispatcher.list either loads (and then writes out and loads again
/// to the same sets) or is refused with errors that name their line; a configuration is either read
/// or refused with errors that name their key; neither throws.
/// </summary>
internal sealed class ConfigurationFuzzOracle
{
    public static readonly IReadOnlyDictionary<string, string> ConfigurationSeed = new Dictionary<string, string>
    {
        ["Routing:Rules:0:Name"] = "carriers",
        ["Routing:Rules:0:Methods:0"] = "INVITE",
        ["Routing:Rules:0:Source:0"] = "198.51.100.0/24",
        ["Routing:Rules:0:Source:1"] = "2001:db8::/32",
        ["Routing:Rules:0:SetId"] = "2",
        ["Routing:Rules:0:Algorithm"] = "call-load",
        ["Routing:Rules:0:FailoverCodes:0"] = "5xx",
        ["Routing:Rules:1:Name"] = "blocked",
        ["Routing:Rules:1:RequestUriUserPattern"] = "^900",
        ["Routing:Rules:1:RejectCode"] = "603",
        ["Routing:Rules:1:RejectReason"] = "Decline",
        ["Routing:Rules:2:Name"] = "calls",
        ["Routing:Rules:2:Header"] = "s",
        ["Routing:Rules:2:HeaderPattern"] = "^sales",
        ["Routing:Rules:2:SetId"] = "1",
        ["Routing:Rules:2:Algorithm"] = "9",
        ["Routing:Rules:2:Limit"] = "2",
        ["Routing:NoMatchCode"] = "404",
        ["Routing:NoMatchReason"] = "Not Here",
        ["Sip:Listeners:0"] = "udp:127.0.0.1:5060",
        ["Sip:Listeners:1"] = "tcp:[::1]:5060 advertise sip.example.com:5060",
        ["Sip:MaxMessageSize"] = "65535",
        ["Sip:RateLimit:Requests"] = "100",
        ["Sip:RateLimit:Window"] = "1s",
        ["Sip:RateLimit:BlockTime"] = "60",
        ["Sip:RateLimit:Action"] = "Reply",
        ["Sip:RateLimit:Exempt:0"] = "203.0.113.0/24",
        ["Sip:Scanners:UserAgents:0"] = "friendly-scanner",
        ["Sip:Scanners:Action"] = "Drop",
        ["Proxy:AdvertisedUdp"] = "sip.example.com:5060",
        ["Proxy:FailoverTimeout"] = "2s",
        ["Proxy:Relay"] = "Destinations",
        ["Proxy:RelayPeers:0"] = "10.0.0.0/8",
    };

    private static readonly IPAddress Caller = IPAddress.Parse("198.51.100.7");

    public FuzzOutcome RunList(string text, DispatcherListLoadMode mode)
    {
        var read = DispatcherListReader.Read(text, "fuzz.list", mode);
        if (!read.Succeeded)
        {
            if (read.Errors.IsEmpty || read.Errors.Any(e => e.Line < 0 || string.IsNullOrWhiteSpace(e.Message)))
            {
                throw new FuzzViolation("a refused list without an error that names its line");
            }

            return FuzzOutcome.Rejected;
        }

        var written = DispatcherListWriter.Write(read.Snapshot);
        var again = DispatcherListReader.Read(written, "written.list", DispatcherListLoadMode.Strict);
        if (!again.Succeeded || !Describe(again.Snapshot).SequenceEqual(Describe(read.Snapshot)))
        {
            throw new FuzzViolation($"the written list does not load back to the same sets: {string.Join("; ", again.Errors)}\n{written}");
        }

        return FuzzOutcome.Parsed;
    }

    public FuzzOutcome RunConfiguration(IReadOnlyDictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var errors = new List<string>();
        _ = SipConfiguration.Read(configuration, errors);
        _ = ProxyConfiguration.Read(configuration, errors);
        var routing = RoutingConfigurationReader.Load(configuration);
        if (routing.Table is { } table)
        {
            try
            {
                _ = table.Match(new RoutingInput("INVITE", Caller, "900123", null));
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                // The defined path for a pattern that runs too long: the proxy answers 500.
            }
        }

        if (errors.Any(string.IsNullOrWhiteSpace) || routing.Errors.Any(string.IsNullOrWhiteSpace) || (routing.Table is null && routing.Errors.Count == 0))
        {
            throw new FuzzViolation("a refused configuration without errors that name their key");
        }

        return errors.Count == 0 && routing.Table is not null ? FuzzOutcome.Parsed : FuzzOutcome.Rejected;
    }

    public static Dictionary<string, string?> MutateConfiguration(FuzzRandom random)
    {
        var values = ConfigurationSeed.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        var keys = values.Keys.ToArray();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var key = keys[random.Next(keys.Length)];
            switch (random.Next(5))
            {
                case 0:
                    values.Remove(key);
                    break;
                case 1:
                    values[key.Replace(":0", ":7", StringComparison.Ordinal)] = values.GetValueOrDefault(key) ?? "x";
                    break;
                case 2:
                    values[key + ":Typo"] = "1";
                    break;
                case 3:
                    // A single value where a list belongs, or a list where a single value belongs.
                    var parent = key[..Math.Max(key.LastIndexOf(':'), 0)];
                    if (parent.Length > 0)
                    {
                        values[parent] = "x";
                    }

                    break;
                default:
                    values[key] = TextMutator.MutateValue(values.GetValueOrDefault(key) ?? string.Empty, random);
                    break;
            }
        }

        return values;
    }

    private static IEnumerable<string> Describe(OrleansLB.Grains.Interfaces.Model.DispatcherSnapshot snapshot)
        => snapshot.Sets.SelectMany(s => s.Destinations.Select(d => $"{s.SetId} {d.Uri} {(int)(d.Flags & ~DispatcherListWriter.RuntimeOnlyFlags)} {d.Priority} {d.Attributes} {string.Join(' ', (d.Description ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}"));
}
