using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Configuration;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Observability;
using OrleansLB.Grains.Cluster;
using OrleansLB.Silo.Admin;

namespace OrleansLB.Silo;

/// <summary>
/// Builds the silo: configuration from appsettings.json, environment variables and the command
/// line, checked as a whole before anything starts; health and readiness on <c>Http:Urls</c>.
/// With <c>Edge:Enabled</c> (<c>--with-edge</c>) the same process also runs an edge over the
/// silo's own cluster node (roles silo and edge): the single-node mode.
/// </summary>
internal static class SiloApplication
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--list"] = "Dispatcher:ListFile",
        ["--port"] = "Cluster:Port",
        ["--seed"] = "Cluster:SeedNodes:0",
        ["--http"] = "Http:Urls",
    };

    /// <summary>The host ready to run, or null after writing every configuration problem to <paramref name="errors"/>.</summary>
    /// <param name="configure">Replaces the configuration sources (tests).</param>
    public static WebApplication? Build(string[] args, TextWriter errors, Action<IConfigurationBuilder>? configure = null)
    {
        args = [.. args.Select(a => a == "--with-edge" ? "--Edge:Enabled=true" : a)];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (configure is not null)
        {
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            configure(builder.Configuration);
        }
        else
        {
            builder.Configuration.AddCommandLine(args, Switches);
        }

        var problems = new List<string>();
        var metrics = MetricsOptions.Read(builder.Configuration, problems);
        builder.Logging.UseConfiguredConsoleFormatter(builder.Configuration, problems);
        var settings = SiloSettings.Read(builder.Configuration, problems);
        var admin = AdminOptions.Read(builder.Configuration, problems);
        var edge = new SectionReader(builder.Configuration.GetSection("Edge"), problems).Bool("Enabled", fallback: false) ? ReadEdge(builder.Configuration, problems) : null;
        if (settings is null || problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                errors.WriteLine(problem);
            }

            errors.WriteLine($"configuration error: {problems.Count} problem(s); the silo did not start");
            return null;
        }

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: [HealthEndpoints.ReadyTag]);
        if (edge is null)
        {
            services.AddSingleton(settings);
        }
        else
        {
            services.AddSingleton(settings with { Cluster = settings.Cluster with { Roles = [.. settings.Cluster.Roles.Append(ClusterOptions.EdgeRole).Distinct()] } });
            services.AddSingleton<SharedClusterNode>();
        }

        // Registered before the edge's services, so the silo is up before the edge looks for it.
        services.AddSingleton<SiloService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloService>());
        services.AddMetricsExport(metrics).AddSiloMetrics(sp => sp.GetRequiredService<SiloService>().Node);
        services.AddAdminApi(admin);
        if (edge is not null)
        {
            EdgeApplication.AddEdge(services, edge);
        }

        builder.WebHost.UseUrls([.. settings.HttpUrls]);
        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapAdminApi();
        return app;
    }

    /// <summary>The in-process edge's settings: the same configuration, its cluster section as an edge's.</summary>
    private static EdgeSettings? ReadEdge(IConfiguration configuration, List<string> problems)
    {
        var overrides = new Dictionary<string, string?> { ["Cluster:Enabled"] = "true", ["Cluster:Roles:0"] = ClusterOptions.EdgeRole };
        foreach (var role in configuration.GetSection("Cluster:Roles").GetChildren())
        {
            overrides[role.Path] = ClusterOptions.EdgeRole;
        }

        var edgeConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        var edgeProblems = new List<string>();
        var edge = EdgeSettings.Read(edgeConfiguration, edgeProblems);
        problems.AddRange(edgeProblems.Where(p => !p.StartsWith("Http:", StringComparison.Ordinal) && !problems.Contains(p)));
        return edge;
    }
}
