using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// What the manifests tell the programs (environment variables, the mounted appsettings.json,
/// the HTTP paths probed and scraped) exists in the code, and the programs' own start-up readers
/// accept the configuration a pod would start with.
/// </summary>
public sealed class ApplicationConfigurationTests
{
    /// <summary>Keys read by the framework, not by our code: logging (Microsoft.Extensions.Logging) and the host's shutdown timeout (HostOptions).</summary>
    private static readonly string[] FrameworkSections = ["Logging", "shutdownTimeoutSeconds"];

    public static TheoryData<string, string> Apps
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var kustomization in Repository.Deployables())
            {
                data.Add(kustomization, OrleansApp.Silo.Component);
                data.Add(kustomization, OrleansApp.Edge.Component);
            }

            return data;
        }
    }

    public static TheoryData<string> Overlays => KustomizationTests.Data(Repository.Overlays());

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task ConfigurationKeys_SetByTheManifests_AreReadByTheCode(string kustomization, string component)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var app = manifests.App(OrleansApp.Named(component));
        using var configuration = AppConfiguration.For(manifests, app);
        var source = AppSource.For(app.App);

        var unread = configuration.Settings
            .Where(s => !FrameworkSections.Contains(s.Key.Split(':')[0], StringComparer.OrdinalIgnoreCase))
            .Select(s => (Setting: s, Segment: source.UnreadSegment(s.Key)))
            .Where(u => u.Segment is not null)
            .Select(u => $"{u.Setting.Key} ({u.Setting.Origin}): no code reads '{u.Segment}'")
            .ToList();

        Assert.NotEmpty(configuration.Settings);
        Assert.True(unread.Count == 0, $"k8s/{kustomization}, {component}: keys the code of {source} does not read:\n{string.Join('\n', unread)}");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task PlainEnvironmentVariables_AreEachUsedByAnotherVariable(string kustomization, string component)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var app = manifests.App(OrleansApp.Named(component));
        using var configuration = AppConfiguration.For(manifests, app);
        var referenced = app.Env.Select(e => (string?)e["value"]).OfType<string>().SelectMany(KubeletEnvironment.References).ToHashSet(StringComparer.Ordinal);

        var unused = configuration.PlainVariables.Where(v => !referenced.Contains(v)).ToList();

        Assert.True(unused.Count == 0, $"k8s/{kustomization}, {component}: variables that are no configuration key and that no other variable uses: {string.Join(", ", unused)}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task SiloSettings_ReadTheRenderedConfiguration_WithoutProblems(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var app = manifests.App(OrleansApp.Silo);
        using var configuration = AppConfiguration.For(manifests, app);
        var problems = new List<string>();

        var settings = SiloSettings.Read(configuration.Configuration, problems);

        Assert.True(problems.Count == 0, $"k8s/{kustomization}: the silo would not start:\n{string.Join('\n', problems)}");
        Assert.NotNull(settings);
        Assert.Equal(StorageProvider.PostgreSql, settings.Storage.Provider);
        Assert.NotNull(settings.Seed);
        Assert.NotEmpty(settings.Seed.Sets);
        Assert.Equal(PortNumber(app, "remoting"), settings.Cluster.Port);
        Assert.Contains("silo", settings.Cluster.Roles);
        Assert.False(string.IsNullOrWhiteSpace(configuration.Configuration["Admin:Token"]), "the silo serves the admin API: it needs Admin:Token from the Secret");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EdgeSettings_ReadTheRenderedConfiguration_WithoutProblems(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var app = manifests.App(OrleansApp.Edge);
        using var configuration = AppConfiguration.For(manifests, app);
        var problems = new List<string>();

        var settings = EdgeSettingsReader.Read(configuration.Configuration, problems);

        Assert.True(problems.Count == 0, $"k8s/{kustomization}: the edge would not start:\n{string.Join('\n', problems)}");
        Assert.NotNull(settings);
        var cluster = Member(settings, "Cluster");
        Assert.True(cluster is not null, "the edge would run alone: the manifests give it no Cluster section");
        Assert.Equal(PortNumber(app, "remoting"), (int)Member(cluster, "Port")!);
        var listeners = ((System.Collections.IEnumerable)Member(Member(settings, "Sip"), "Listeners")!).Cast<object>()
            .Select(l => $"{Member(l, "Transport")}:{Member(l, "Port")}".ToLowerInvariant())
            .Order(StringComparer.Ordinal);
        var containerPorts = app.Ports.Where(p => ((string?)p["name"])?.StartsWith("sip-", StringComparison.Ordinal) == true)
            .Select(p => $"{((string?)p["protocol"] ?? "TCP").ToLowerInvariant()}:{(int)p["containerPort"]!}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(containerPorts, listeners);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task HttpPaths_ProbedOrScraped_AreMappedByTheCode(string kustomization, string component)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var app = manifests.App(OrleansApp.Named(component));
        var source = AppSource.For(app.App);
        var paths = new[] { "startupProbe", "livenessProbe", "readinessProbe" }
            .Select(probe => (string?)app.Container[probe]?["httpGet"]?["path"])
            .Append((string?)app.Workload["spec"]?["template"]?["metadata"]?["annotations"]?["prometheus.io/path"])
            .OfType<string>()
            .Distinct()
            .ToList();

        var unmapped = paths.Where(p => !source.MapsPath(p)).ToList();

        Assert.Contains("/healthz", paths);
        Assert.Contains("/readyz", paths);
        Assert.Contains("/metrics", paths);
        Assert.True(unmapped.Count == 0, $"k8s/{kustomization}, {component}: no Map*(\"<path>\") in {source} for {string.Join(", ", unmapped)}");
    }

    internal static int PortNumber(AppContainer app, string name) =>
        (int?)app.Port(name)?["containerPort"] ?? throw new InvalidOperationException($"{app.App} has no container port named {name}");

    private static object? Member(object? target, string name) => EdgeSettingsReader.Member(target, name);
}
