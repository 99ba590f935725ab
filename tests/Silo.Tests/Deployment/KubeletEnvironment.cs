using System.Text;
using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The environment a container gets, resolved as the kubelet does it: downward-API fields for a
/// stand-in pod, Secret and ConfigMap keys from the same render, and <c>$(NAME)</c> references to
/// variables defined earlier in the list (<c>$$</c> escapes; an unknown reference stays as written).
/// </summary>
internal static class KubeletEnvironment
{
    public const string PodIp = "10.244.1.23";

    /// <summary>The stand-in pod's name: ordinal 0 of a StatefulSet, a generated name for a Deployment.</summary>
    public static string PodName(JsonObject workload) =>
        (string?)workload["kind"] == "StatefulSet" ? $"{RenderedManifests.Name(workload)}-0" : $"{RenderedManifests.Name(workload)}-7d9c5b8f6-x2k4q";

    /// <summary>Name and value of each variable in order; a value the render cannot give is null.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Resolve(RenderedManifests manifests, AppContainer app)
    {
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        var resolved = new List<KeyValuePair<string, string?>>();
        foreach (var env in app.Env)
        {
            var name = (string)env["name"]!;
            var value = env["value"] is { } literal ? Expand((string)literal!, defined) : From(manifests, app.Workload, env["valueFrom"]);
            resolved.Add(new(name, value));
            if (value is not null)
            {
                defined[name] = value;
            }
        }

        return resolved;
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion of one value.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> defined)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                text.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i + 2) is var end and > 0
                && defined.TryGetValue(value[(i + 2)..end], out var replacement))
            {
                text.Append(replacement);
                i = end;
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>The names a value refers to with <c>$(NAME)</c>.</summary>
    public static IEnumerable<string> References(string value)
    {
        for (var start = value.IndexOf("$(", StringComparison.Ordinal); start >= 0; start = value.IndexOf("$(", start + 2, StringComparison.Ordinal))
        {
            if (start > 0 && value[start - 1] == '$')
            {
                continue;
            }

            var end = value.IndexOf(')', start + 2);
            if (end > 0)
            {
                yield return value[(start + 2)..end];
            }
        }
    }

    private static string? From(RenderedManifests manifests, JsonObject workload, JsonNode? source)
    {
        if (source?["fieldRef"]?["fieldPath"] is { } field)
        {
            return (string?)field switch
            {
                "metadata.name" => PodName(workload),
                "metadata.namespace" => RenderedManifests.Namespace(workload),
                "status.podIP" => PodIp,
                var other => throw new InvalidOperationException($"the stand-in pod has no value for fieldRef {other}"),
            };
        }

        if (source?["secretKeyRef"] is { } secret)
        {
            return manifests.DataValue("Secret", (string)secret["name"]!, (string)secret["key"]!);
        }

        if (source?["configMapKeyRef"] is { } map)
        {
            return manifests.DataValue("ConfigMap", (string)map["name"]!, (string)map["key"]!);
        }

        return null;
    }
}
