using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>k8s/ renders with kubectl's kustomize, and every object it renders is a valid Kubernetes object.</summary>
public sealed class KustomizationTests
{
    public static TheoryData<string> Kustomizations => Data(Repository.Kustomizations());

    [Fact]
    public async Task Kubectl_Version_HasKustomizeV5()
    {
        var run = (await ExternalTool.Kubectl.RunAsync(["version", "--client", "-o", "json"])).EnsureSuccess();
        var version = JsonNode.Parse(run.Output);
        var kustomize = (string?)version?["kustomizeVersion"] ?? "older than v4.5 (kubectl does not report it)";

        // Directories in resources, patches and per-generator options are kustomize v3+; kubectl
        // v1.27 (kustomize v5) is the oldest one that renders k8s/ without deprecation warnings.
        Assert.True(
            kustomize.StartsWith('v') && Version.TryParse(kustomize[1..], out var parsed) && parsed.Major >= 5,
            $"kubectl {(string?)version?["clientVersion"]?["gitVersion"]} has kustomize {kustomize}; k8s/ needs kustomize v5 (kubectl >= 1.27). "
            + "Debian bookworm's kubernetes-client (1.20, kustomize v2) is too old for it.");
    }

    [Fact]
    public void Kustomizations_InTheTree_IncludeTheBaseAndAnOverlay()
    {
        var found = Repository.Kustomizations();

        Assert.Contains("base", found);
        Assert.Contains("monitoring", found);
        Assert.Contains("grafana", found);
        Assert.NotEmpty(Repository.Overlays());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Render_Kustomization_SucceedsWithoutWarnings(string kustomization)
    {
        var rendered = await Kustomize.RenderAsync(kustomization);

        Assert.NotEmpty(rendered.Objects);
        Assert.True(rendered.Warnings.Trim().Length == 0, $"kubectl kustomize k8s/{kustomization} warned:\n{rendered.Warnings}");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Validate_RenderedObjects_MatchTheKubernetesSchemas(string kustomization)
    {
        var rendered = await Kustomize.RenderAsync(kustomization);
        var (node, script) = Kustomize.Validator();

        var run = await node.RunAsync([script], rendered.Yaml);

        Assert.True(run.ExitCode == 0, $"k8s/{kustomization} does not validate:\n{run}");
        Assert.Contains($"{rendered.Objects.Count} object(s), 0 problem(s)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownFieldWrongTypeAndUnknownKind_AreEachReported()
    {
        var (node, script) = Kustomize.Validator();
        const string Manifests = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typo}
            spec:
              replicas: three
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: c
                      image: i
                      securityContext: {runAsNonRot: true}
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRul
            metadata: {name: r}
            """;

        var run = await node.RunAsync([script], Manifests);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Deployment typo: /spec/replicas must be integer", run.Error, StringComparison.Ordinal);
        Assert.Contains("/spec/template/spec/containers/0/securityContext/runAsNonRot is not a field", run.Error, StringComparison.Ordinal);
        Assert.Contains("no schema for monitoring.coreos.com/v1 PrometheusRul", run.Error, StringComparison.Ordinal);
    }

    internal static TheoryData<string> Data(IEnumerable<string> values)
    {
        var data = new TheoryData<string>();
        foreach (var value in values)
        {
            data.Add(value);
        }

        return data;
    }
}
