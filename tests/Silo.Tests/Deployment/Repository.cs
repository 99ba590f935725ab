namespace OrleansLB.Silo.Deployment;

/// <summary>Paths in the source tree the deployment tests read (the repository, not the build output).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string K8s => Path.Combine(Root, "k8s");

    public static string Validator => Path.Combine(Root, "tools", "k8s-validate");

    public static string TestFiles => Path.Combine(Root, "tests", "Silo.Tests", "Deployment");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every directory under k8s/ with a kustomization.yaml, relative to k8s/ with '/' separators.</summary>
    public static IReadOnlyList<string> Kustomizations() =>
        [.. Directory.EnumerateFiles(K8s, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(K8s, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The kustomizations that deploy the whole system (k8s/overlays/*).</summary>
    public static IReadOnlyList<string> Overlays() => [.. Kustomizations().Where(k => k.StartsWith("overlays/", StringComparison.Ordinal))];

    /// <summary>The kustomizations that render the silo and edge workloads: the base and the overlays.</summary>
    public static IReadOnlyList<string> Deployables() => ["base", .. Overlays()];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansLB.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansLB.sln above {AppContext.BaseDirectory}: the deployment tests read the source tree.");
    }
}
