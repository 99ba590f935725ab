using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>The PrometheusRule's groups pass <c>promtool check rules</c> and the alert cases in alerts.test.yaml (<c>promtool test rules</c>).</summary>
public sealed class PrometheusRuleTests
{
    private static readonly string[] ExpectedAlerts =
        ["OrleansLBDestinationDown", "OrleansLBDestinationNearMaxLoad", "OrleansLBDestinationSetDown", "OrleansLBNoSiloReady"];

    [Fact]
    public async Task CheckRules_RenderedRuleGroups_Pass()
    {
        using var dir = new TemporaryDirectory();
        var rules = dir.Write("orleanslb.rules.yaml", await RuleFileAsync());

        var run = (await ExternalTool.Promtool.RunAsync(["check", "rules", rules])).EnsureSuccess();

        Assert.Contains($"SUCCESS: {ExpectedAlerts.Length} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_AlertCases_Pass()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("orleanslb.rules.yaml", await RuleFileAsync());
        var cases = dir.Write("alerts.test.yaml", await File.ReadAllTextAsync(Path.Combine(Repository.TestFiles, "alerts.test.yaml")));

        var run = (await ExternalTool.Promtool.RunAsync(["test", "rules", cases], workingDirectory: dir.Path)).EnsureSuccess();

        Assert.Contains("SUCCESS", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_AreTheContractsFourWithSeverityAndTextAndEachHasCases()
    {
        var rule = Assert.Single((await Kustomize.RenderAsync("monitoring")).OfKind("PrometheusRule"));
        var alerts = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!.AsObject()).ToList();
        var cases = await File.ReadAllTextAsync(Path.Combine(Repository.TestFiles, "alerts.test.yaml"));

        Assert.Equal(ExpectedAlerts, alerts.Select(a => (string?)a["alert"]).Order(StringComparer.Ordinal));
        Assert.All(alerts, a =>
        {
            Assert.Contains((string?)a["labels"]?["severity"], new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace((string?)a["annotations"]?["summary"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)a["annotations"]?["description"]));
            Assert.NotNull(a["for"]);
            Assert.Contains($"alertname: {a["alert"]}", cases, StringComparison.Ordinal);
        });
    }

    /// <summary>The rendered PrometheusRule's groups as a Prometheus rule file (JSON is YAML).</summary>
    private static async Task<string> RuleFileAsync()
    {
        var rule = Assert.Single((await Kustomize.RenderAsync("monitoring")).OfKind("PrometheusRule"));
        return new JsonObject { ["groups"] = rule["spec"]!["groups"]!.DeepClone() }.ToJsonString();
    }
}
