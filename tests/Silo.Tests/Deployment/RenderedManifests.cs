using System.Text;
using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>The objects one kustomization renders, with the look-ups the checks share.</summary>
/// <param name="Warnings">What kubectl printed on stderr (deprecated fields and the like).</param>
internal sealed record RenderedManifests(string Kustomization, string Yaml, string Warnings, IReadOnlyList<JsonObject> Objects)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => Name(o) == name);

    /// <summary>Deployments and StatefulSets.</summary>
    public IEnumerable<JsonObject> Workloads => Objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet");

    /// <summary>The silo and edge workloads, by the component label on their pods.</summary>
    public IEnumerable<AppContainer> Apps =>
        from workload in Workloads
        let component = (string?)workload["spec"]?["template"]?["metadata"]?["labels"]?["app.kubernetes.io/component"]
        where component is "silo" or "edge"
        from container in Containers(workload)
        where (string?)container["name"] == component
        select new AppContainer(component == "silo" ? OrleansApp.Silo : OrleansApp.Edge, workload, container);

    public AppContainer App(OrleansApp app) => Apps.SingleOrDefault(a => a.App == app)
        ?? throw new InvalidOperationException($"{Kustomization} renders no {app.Component} workload (a pod labelled app.kubernetes.io/component={app.Component} with a container of that name)");

    public static string? Name(JsonObject o) => (string?)o["metadata"]?["name"];

    public static string Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"] ?? "default";

    public static IEnumerable<JsonObject> Containers(JsonObject workload, bool includeInit = false)
    {
        var spec = workload["spec"]?["template"]?["spec"];
        var containers = spec?["containers"]?.AsArray() ?? [];
        var init = includeInit ? spec?["initContainers"]?.AsArray() ?? [] : [];
        return containers.Concat(init).Select(c => c!.AsObject());
    }

    public static IReadOnlyDictionary<string, string> PodLabels(JsonObject workload) =>
        workload["spec"]?["template"]?["metadata"]?["labels"]?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!) ?? [];

    /// <summary>Whether every pair of <paramref name="selector"/> (a matchLabels or Service selector) is among <paramref name="labels"/>.</summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is JsonObject pairs && pairs.Count > 0 && pairs.All(p => labels.TryGetValue(p.Key, out var v) && v == (string?)p.Value);

    /// <summary>A Secret's or ConfigMap's value for <paramref name="key"/> (Secret data decoded), or null.</summary>
    public string? DataValue(string kind, string name, string key)
    {
        var o = Find(kind, name);
        if (o?["stringData"]?[key] is { } text)
        {
            return (string?)text;
        }

        var data = (string?)o?["data"]?[key];
        return data is null ? null : kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : data;
    }
}
