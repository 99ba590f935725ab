using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansLB.Client.Hosting;
using OrleansLB.Grains.Interfaces;

namespace OrleansLB.Silo;

public sealed class SiloApplicationTests : IDisposable
{
    private readonly string _list = Path.Combine(Path.GetTempPath(), $"silo-app-{Guid.NewGuid():N}.list");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "orleanslb-tests", $"silo-app-{Guid.NewGuid():N}");

    public SiloApplicationTests() => File.WriteAllText(_list, """
        1 sip:127.0.0.1:5998 0 0 duid=ast1;maxload=2
        1 sip:127.0.0.1:5999 0 0 duid=ast2;maxload=2
        """);

    [Fact]
    public async Task SingleNode_Started_OneClusterNodeServesTheEdgeAndBothAreReady()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var app = Build(new StringWriter(), ("Edge:Enabled", "true")) ?? throw new InvalidOperationException("refused");
        await app.StartAsync(timeout.Token);
        try
        {
            var silo = app.Services.GetRequiredService<SiloService>();
            var edge = app.Services.GetRequiredService<EdgeClusterService>();
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

            var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), timeout.Token);
            var selection = await app.Services.GetRequiredService<IDispatcherState>().SelectByCallLoadAsync(1, "call-1", 2, timeout.Token);

            Assert.Same(silo.Node, edge.Node);
            Assert.Contains("silo", silo.Node!.Cluster.SelfRoles);
            Assert.Contains("edge", silo.Node.Cluster.SelfRoles);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync(timeout.Token);
            Assert.Contains("silo: Healthy", body, StringComparison.Ordinal);
            Assert.Contains("edge: Healthy", body, StringComparison.Ordinal);
            Assert.False(edge.State!.IsDegraded);
            Assert.Equal(2, selection.Destinations.Length);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SiloReadiness_NotStarted_IsUnhealthy()
    {
        await using var app = Build(new StringWriter()) ?? throw new InvalidOperationException("refused");

        var result = await ActivatorUtilities.CreateInstance<SiloReadiness>(app.Services).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("not an Up member", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithEdgeButNoRules_NamesTheEdgeProblemAndTheBadUrl()
    {
        var errors = new StringWriter();

        var app = Build(errors, ("Edge:Enabled", "true"), ("Routing:Rules:0:Name", null), ("Routing:Rules:0:SetId", null), ("Http:Urls", "ftp://127.0.0.1:21"));

        Assert.Null(app);
        Assert.Contains("Routing:Rules:", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("Http:Urls: 'ftp://127.0.0.1:21'", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("the silo did not start", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnreadableValues_NamesEachKeyWithoutThrowing()
    {
        var errors = new StringWriter();

        var app = Build(
            errors,
            ("Cluster:StableAfter", "soon"),
            ("Cluster:ReportDelay", "50ms"),
            ("Cluster:Seeds:0", "akka.tcp://orleanslb@127.0.0.1:4053"),
            ("Storage:Provider", "mysql"),
            ("Dispatcher:LoadMode", "relaxed"),
            ("Cluster:Enabled", "false"),
            ("Edge:Enabled", "yes"));

        Assert.Null(app);
        var text = errors.ToString();
        Assert.Contains("Cluster:StableAfter: 'soon' is not a duration", text, StringComparison.Ordinal);
        Assert.Contains("Cluster:Seeds", text, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider: 'mysql' is not one of", text, StringComparison.Ordinal);
        Assert.Contains("Dispatcher:LoadMode: 'relaxed' is not one of", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Enabled: 'yes' is not true or false", text, StringComparison.Ordinal);
        Assert.Contains("Cluster:Enabled: a silo always runs in a cluster", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cluster:ReportDelay:", text, StringComparison.Ordinal);
        Assert.Contains("configuration error: 6 problem(s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithEdgeAndAnUnknownClusterKey_NamesItOnce()
    {
        var errors = new StringWriter();

        Assert.Null(Build(errors, ("Edge:Enabled", "true"), ("Cluster:Seeds:0", "akka.tcp://orleanslb@127.0.0.1:4053")));

        Assert.Single(errors.ToString().Split('\n'), line => line.StartsWith("Cluster:Seeds: unknown key", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        File.Delete(_list);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private WebApplication? Build(StringWriter errors, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Port"] = "0",
            ["Dispatcher:ListFile"] = _list,
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data, "orleanslb.db")};Pooling=False",
            ["Sip:Listeners:0"] = "udp:127.0.0.1:0",
            ["Routing:Rules:0:Name"] = "calls",
            ["Routing:Rules:0:SetId"] = "1",
            ["Routing:Rules:0:Algorithm"] = "call-load",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return SiloApplication.Build([], errors, c => c.AddInMemoryCollection(settings));
    }
}
