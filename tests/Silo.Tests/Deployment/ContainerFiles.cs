using System.Text.Json.Nodes;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The files a container sees through its ConfigMap volumes, written to a temporary directory:
/// a directory mount gets every key (or the listed items), a subPath mount the one file. Paths in
/// the configuration that point into a mount are redirected here, so the apps' own readers can
/// load what the pod would.
/// </summary>
internal sealed class ContainerFiles : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanslb-k8s", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _mounts = new(StringComparer.Ordinal);

    private ContainerFiles()
    {
    }

    public static ContainerFiles Materialize(RenderedManifests manifests, AppContainer app)
    {
        var files = new ContainerFiles();
        foreach (var mount in app.VolumeMounts)
        {
            var mountPath = (string)mount["mountPath"]!;
            var volume = app.Volume((string)mount["name"]!);
            if (volume?["configMap"] is not JsonObject configMap)
            {
                continue;
            }

            var map = manifests.Find("ConfigMap", (string)configMap["name"]!)
                ?? throw new InvalidOperationException($"{app.App}: volume {mount["name"]} mounts ConfigMap {configMap["name"]}, which {manifests.Kustomization} does not render");
            var data = map["data"]?.AsObject() ?? [];
            var items = configMap["items"]?.AsArray().ToDictionary(i => (string)i!["path"]!, i => (string)i!["key"]!)
                ?? data.ToDictionary(p => p.Key, p => p.Key);
            var target = Path.Combine(files._root, files._mounts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(target);
            foreach (var (path, key) in items)
            {
                File.WriteAllText(Path.Combine(target, path), (string?)data[key]
                    ?? throw new InvalidOperationException($"{app.App}: ConfigMap {configMap["name"]} has no key {key}"));
            }

            files._mounts[mountPath] = mount["subPath"] is { } subPath ? Path.Combine(target, (string)subPath!) : target;
        }

        return files;
    }

    /// <summary>Where <paramref name="containerPath"/> is here, or null when no ConfigMap is mounted there.</summary>
    public string? Local(string containerPath)
    {
        foreach (var (mountPath, local) in _mounts)
        {
            if (containerPath == mountPath)
            {
                return local;
            }

            if (containerPath.StartsWith(mountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                return Path.Combine(local, containerPath[(mountPath.TrimEnd('/').Length + 1)..]);
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
