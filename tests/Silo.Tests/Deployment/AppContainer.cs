using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>The silo's or the edge's container in its rendered workload.</summary>
internal sealed record AppContainer(OrleansApp App, JsonObject Workload, JsonObject Container)
{
    public JsonObject PodSpec => Workload["spec"]!["template"]!["spec"]!.AsObject();

    public IEnumerable<JsonObject> Ports => Container["ports"]?.AsArray().Select(p => p!.AsObject()) ?? [];

    /// <summary>The container port with this name, or null.</summary>
    public JsonObject? Port(string name) => Ports.FirstOrDefault(p => (string?)p["name"] == name);

    public IEnumerable<JsonObject> Env => Container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [];

    public IEnumerable<JsonObject> VolumeMounts => Container["volumeMounts"]?.AsArray().Select(m => m!.AsObject()) ?? [];

    public JsonObject? Volume(string name) => PodSpec["volumes"]?.AsArray().Select(v => v!.AsObject()).FirstOrDefault(v => (string?)v["name"] == name);
}
