using Microsoft.Extensions.Configuration;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The configuration the silo's or the edge's container starts with: the appsettings.json in the
/// image (or the one a ConfigMap mounts over it), then the environment the kubelet resolves, as
/// .NET reads them (<c>Cluster__SeedNodes__0</c> is <c>Cluster:SeedNodes:0</c>, <c>DOTNET_</c> is
/// dropped). File paths into ConfigMap mounts point at local copies.
/// </summary>
internal sealed class AppConfiguration : IDisposable
{
    private static readonly string[] EnvironmentPrefixes = ["DOTNET_", "ASPNETCORE_"];

    private readonly ContainerFiles _files;

    private AppConfiguration(ContainerFiles files, IReadOnlyList<ConfigurationSetting> settings, IReadOnlyList<string> plainVariables, IConfiguration configuration)
    {
        _files = files;
        Settings = settings;
        PlainVariables = plainVariables;
        Configuration = configuration;
    }

    /// <summary>Every key the manifests set, from the environment and from a mounted appsettings.json.</summary>
    public IReadOnlyList<ConfigurationSetting> Settings { get; }

    /// <summary>Environment variables that are no configuration key (no <c>__</c>, no .NET prefix), such as POD_IP.</summary>
    public IReadOnlyList<string> PlainVariables { get; }

    public IConfiguration Configuration { get; }

    public static AppConfiguration For(RenderedManifests manifests, AppContainer app)
    {
        var files = ContainerFiles.Materialize(manifests, app);
        try
        {
            return Build(manifests, app, files);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    private static AppConfiguration Build(RenderedManifests manifests, AppContainer app, ContainerFiles files)
    {
        var settings = new List<ConfigurationSetting>();
        var workdir = Dockerfile.Read(app.App.Dockerfile).Final.Last("WORKDIR") ?? "/";
        var appSettings = files.Local($"{workdir.TrimEnd('/')}/appsettings.json");
        var builder = new ConfigurationBuilder();
        if (appSettings is not null)
        {
            var mounted = new ConfigurationBuilder().AddJsonFile(appSettings).Build();
            settings.AddRange(mounted.AsEnumerable().Where(p => p.Value is not null)
                .Select(p => new ConfigurationSetting(p.Key, p.Value, $"{workdir.TrimEnd('/')}/appsettings.json (mounted)")));
        }

        builder.AddJsonFile(appSettings ?? Repository.PathOf(app.App.ProjectDirectory, "appsettings.json"));
        var plain = new List<string>();
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in KubeletEnvironment.Resolve(manifests, app))
        {
            if (KeyOf(name) is not { } key)
            {
                plain.Add(name);
                continue;
            }

            var local = value is null ? null : files.Local(value) ?? value;
            settings.Add(new ConfigurationSetting(key, value, $"env {name}"));
            environment[key] = local;
        }

        builder.AddInMemoryCollection(environment);
        return new AppConfiguration(files, settings, plain, builder.Build());
    }

    /// <summary>The configuration key an environment variable sets, or null for a plain variable.</summary>
    public static string? KeyOf(string variable)
    {
        var prefix = EnvironmentPrefixes.FirstOrDefault(p => variable.StartsWith(p, StringComparison.Ordinal));
        var name = prefix is null ? variable : variable[prefix.Length..];
        return prefix is null && !name.Contains("__", StringComparison.Ordinal) ? null : name.Replace("__", ":", StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
