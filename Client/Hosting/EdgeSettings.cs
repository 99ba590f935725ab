using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Configuration;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// Everything the edge is configured with, read and checked together at start-up, and the
/// dispatcher list it loads: a bad key, a bad list line or a rule naming a set the list lacks
/// stops start-up with every problem named.
/// </summary>
internal sealed record EdgeSettings(
    SipTransportOptions Sip,
    ProxyOptions Proxy,
    DispatcherOptions Dispatcher,
    string ProbeFrom,
    RoutingTable Routing,
    DispatcherSnapshot Snapshot,
    IReadOnlyList<string> Warnings)
{
    public const string DefaultProbeFrom = "sip:dispatcher@localhost";

    /// <summary>The grain tier this edge joins, or null in single-node mode.</summary>
    public ClusterOptions? Cluster { get; init; }

    /// <summary>Where health, readiness and metrics are served (<c>Http:Urls</c>).</summary>
    public IReadOnlyList<string> HttpUrls { get; init; } = [];

    /// <summary>How the edge drains on shutdown (<c>Edge:DrainTimeout</c>, <c>Edge:RetryAfter</c>).</summary>
    public EdgeDrainOptions Drain { get; init; } = EdgeDrainOptions.Default;

    /// <summary>The settings, or null with every problem in <paramref name="errors"/>.</summary>
    public static EdgeSettings? Read(IConfiguration configuration, List<string> errors)
    {
        var sip = SipConfiguration.Read(configuration, errors);
        var proxy = ProxyConfiguration.Read(configuration, errors);
        var dispatcher = DispatcherConfiguration.Read(configuration, errors);
        var cluster = ClusterConfiguration.Read(configuration, errors);
        var httpUrls = HttpConfiguration.Read(configuration, errors);
        var drain = EdgeConfiguration.Read(configuration, errors);
        var probeFrom = configuration["Dispatcher:Probing:From"] ?? DefaultProbeFrom;
        var routing = RoutingConfigurationReader.Load(configuration);
        errors.AddRange(routing.Errors);
        if (errors.Count > 0 || routing.Table is null)
        {
            return null;
        }

        var list = DispatcherListReader.ReadFile(dispatcher.ListFile, dispatcher.LoadMode);
        errors.AddRange(list.Errors.Where(e => !e.IsWarning).Select(e => e.ToString()));
        if (!list.Succeeded)
        {
            errors.Add($"{dispatcher.ListFile}: not loaded; fix the lines above or set Dispatcher:LoadMode=SkipInvalid");
            return null;
        }

        foreach (var setId in routing.Table.SetIds)
        {
            if (!list.Snapshot.TryGetSet(setId, out _))
            {
                errors.Add($"Routing:Rules: set {setId} is used by a rule but {dispatcher.ListFile} has no destination in it; add the set or fix the rule's SetId");
            }
        }

        return errors.Count > 0
            ? null
            : new EdgeSettings(sip, proxy, dispatcher, probeFrom, routing.Table, list.Snapshot, list.Errors.Select(e => e.ToString()).ToList()) { Cluster = cluster, HttpUrls = httpUrls, Drain = drain };
    }
}
