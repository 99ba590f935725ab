using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>k8s/grafana/orleanslb-dashboard.json is a well-formed dashboard whose queries parse as PromQL, shipped as the sidecar's ConfigMap.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly string DashboardFile = Path.Combine(Repository.K8s, "grafana", "orleanslb-dashboard.json");

    /// <summary>What the dashboard must show (issue 5): calls, selections, load against maxload, failovers, probe latency, states, SIP, members.</summary>
    private static readonly string[] ShownMetrics =
    [
        "orleanslb_destination_calls_total", "orleanslb_destination_selections_total", "orleanslb_destination_active_calls",
        "orleanslb_destination_max_load", "orleanslb_destination_failovers_total", "orleanslb_destination_probe_duration_seconds_bucket",
        "orleanslb_destination_state", "orleanslb_destination_up", "orleanslb_sip_requests_total", "orleanslb_sip_responses_total",
        "orleanslb_cluster_members",
    ];

    [Fact]
    public void Dashboard_Panels_HaveIdsPlacesAndTheDatasourceVariable()
    {
        var dashboard = Dashboard();
        var panels = dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string?)v!["name"]).ToList();

        Assert.Equal("orleanslb", (string?)dashboard["uid"]);
        Assert.Equal(["datasource", "namespace", "set"], variables);
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.All(panels, p => Assert.InRange((int)p["gridPos"]!["x"]! + (int)p["gridPos"]!["w"]!, 1, 24));
        Assert.All(panels.Where(p => (string?)p["type"] != "row"), p =>
        {
            Assert.Equal("${datasource}", (string?)p["datasource"]?["uid"]);
            Assert.NotEmpty(p["targets"]!.AsArray());
            Assert.All(p["targets"]!.AsArray(), t => Assert.Equal("${datasource}", (string?)t!["datasource"]?["uid"]));
        });
    }

    [Fact]
    public void Dashboard_Queries_ShowEveryMetricTheIssueAsksFor()
    {
        var expressions = string.Join('\n', Expressions(Dashboard()));

        Assert.All(ShownMetrics, metric => Assert.Contains(metric, expressions, StringComparison.Ordinal));
        Assert.Contains("histogram_quantile(", expressions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Queries_AreValidPromQL()
    {
        // Each query as a recording rule, Grafana's variables given values, so promtool parses it.
        var rules = new JsonArray([.. Expressions(Dashboard()).Select((expr, i) => (JsonNode)new JsonObject
        {
            ["record"] = $"dashboard:query_{i}",
            ["expr"] = expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal)
                .Replace("$namespace", ".*", StringComparison.Ordinal)
                .Replace("$set", ".*", StringComparison.Ordinal),
        })]);
        var file = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboard", ["rules"] = rules }) };
        using var dir = new TemporaryDirectory();

        var run = (await ExternalTool.Promtool.RunAsync(["check", "rules", dir.Write("dashboard.rules.yaml", file.ToJsonString())])).EnsureSuccess();

        Assert.Contains($"SUCCESS: {rules.Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardConfigMap_CarriesTheFileWithTheSidecarLabel()
    {
        var map = Assert.Single((await Kustomize.RenderAsync("grafana")).OfKind("ConfigMap"));

        Assert.Equal("1", (string?)map["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal(await File.ReadAllTextAsync(DashboardFile), (string?)map["data"]!["orleanslb-dashboard.json"]);
    }

    private static JsonObject Dashboard() => JsonNode.Parse(File.ReadAllText(DashboardFile))!.AsObject();

    private static IEnumerable<string> Expressions(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => (string)t!["expr"]!);
}
