using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansLB.Client.Hosting;

public sealed class HealthEndpointsTests : IDisposable
{
    private readonly string _list = Path.Combine(Path.GetTempPath(), $"edge-health-{Guid.NewGuid():N}.list");

    public HealthEndpointsTests() => File.WriteAllText(_list, "1 sip:127.0.0.1:5999 0 0 duid=ast1\n");

    [Fact]
    public async Task Readyz_BeforeStart_SaysTheSocketsAreNotBound()
    {
        await using var app = Build();

        var result = await ActivatorUtilities.CreateInstance<EdgeReadiness>(app.Services).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("not bound", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthzAndReadyz_Started_AnswerOkWithTheEdgeCheck()
    {
        await using var app = Build();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

            var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("edge: Healthy (2 SIP socket(s) bound)", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void Build_BadHttpUrl_NamesTheKey()
    {
        var errors = new StringWriter();

        var app = Build(errors, ("Http:Urls", "http://127.0.0.1:0;localhost-without-scheme"));

        Assert.Null(app);
        Assert.Contains("Http:Urls: 'localhost-without-scheme' must look like", errors.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_list);

    private WebApplication Build() => Build(new StringWriter()) ?? throw new InvalidOperationException("the edge refused its configuration");

    private WebApplication? Build(StringWriter errors, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sip:Listeners:0"] = "udp:127.0.0.1:0",
            ["Sip:Listeners:1"] = "tcp:127.0.0.1:0",
            ["Dispatcher:ListFile"] = _list,
            ["Routing:Rules:0:Name"] = "calls",
            ["Routing:Rules:0:SetId"] = "1",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return EdgeApplication.Build([], errors, c => c.AddInMemoryCollection(settings));
    }
}
