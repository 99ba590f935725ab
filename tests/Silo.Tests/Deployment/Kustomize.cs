using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// Renders kustomizations with <c>kubectl kustomize</c> (once per directory per test run) and
/// parses the YAML with the validator's own parser (tools/k8s-validate, <c>--json</c>), so every
/// check reads the objects exactly as they would be applied.
/// </summary>
internal static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedManifests>>> Rendered = new(StringComparer.Ordinal);

    /// <param name="kustomization">A directory relative to k8s/, such as <c>overlays/example</c>.</param>
    public static Task<RenderedManifests> RenderAsync(string kustomization) =>
        Rendered.GetOrAdd(kustomization, k => new Lazy<Task<RenderedManifests>>(() => RenderNowAsync(k))).Value;

    /// <summary>node with the validator's script; fails with how to install the packages when they are missing.</summary>
    public static (ExternalTool Node, string Script) Validator()
    {
        var node = ExternalTool.Node;
        if (!Directory.Exists(Path.Combine(Repository.Validator, "node_modules", "kubernetes-models")))
        {
            Assert.Fail($"The validator's npm packages are not installed: run `npm ci` in {Repository.Validator} (.ci/run does).");
        }

        return (node, Path.Combine(Repository.Validator, "validate.mjs"));
    }

    private static async Task<RenderedManifests> RenderNowAsync(string kustomization)
    {
        var render = (await ExternalTool.Kubectl.RunAsync(["kustomize", Path.Combine(Repository.K8s, kustomization)])).EnsureSuccess();
        var (node, script) = Validator();
        var parsed = (await node.RunAsync([script, "--json"], render.Output)).EnsureSuccess();
        var objects = JsonNode.Parse(parsed.Output)?.AsArray().Select(o => o!.AsObject()).ToList()
            ?? throw new InvalidOperationException($"{kustomization}: the validator printed no JSON");
        return new RenderedManifests(kustomization, render.Output, render.Error, objects);
    }
}
