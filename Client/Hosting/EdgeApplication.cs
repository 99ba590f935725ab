using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Health;
using OrleansLB.Client.Observability;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// Builds the edge: configuration from appsettings.json, environment variables and the command
/// line (<c>--list</c> is short for <c>--Dispatcher:ListFile</c>), checked as a whole before anything starts;
/// health and readiness served on <c>Http:Urls</c>.
/// </summary>
internal static class EdgeApplication
{
    private static readonly Dictionary<string, string> Switches = new() { ["--list"] = "Dispatcher:ListFile" };

    /// <summary>The host ready to run, or null after writing every configuration problem to <paramref name="errors"/>.</summary>
    /// <param name="configure">Replaces the configuration sources (tests).</param>
    public static WebApplication? Build(string[] args, TextWriter errors, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
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
        var settings = EdgeSettings.Read(builder.Configuration, problems);
        if (settings is null)
        {
            foreach (var problem in problems)
            {
                errors.WriteLine(problem);
            }

            errors.WriteLine($"configuration error: {problems.Count} problem(s); the edge did not start");
            return null;
        }

        foreach (var warning in settings.Warnings)
        {
            errors.WriteLine(warning);
        }

        builder.WebHost.UseUrls([.. settings.HttpUrls]);
        builder.Services.AddMetricsExport(metrics);
        AddEdge(builder.Services, settings);
        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }

    /// <summary>The edge's services: also used by a silo that runs an edge in its own process.</summary>
    public static void AddEdge(IServiceCollection services, EdgeSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);

        // The host abandons its services' StopAsync after ShutdownTimeout (30 s by default): the
        // drain gets all of Edge:DrainTimeout, one option to set instead of two to keep in step.
        services.PostConfigure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(o.ShutdownTimeout.Ticks, (settings.Drain.DrainTimeout + EdgeDrainOptions.ExitMargin).Ticks)));
        services.AddHealthChecks().AddCheck<EdgeReadiness>("edge", tags: [HealthEndpoints.ReadyTag]);
        if (settings.Cluster is null)
        {
            services.AddSingleton<LocalDispatcherState>(sp => new LocalDispatcherState(settings.Snapshot, settings.Dispatcher, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IDispatcherState>(sp => sp.GetRequiredService<LocalDispatcherState>());
            services.AddSingleton<IProbeLeadership>(AlwaysLeader.Instance);
        }
        else
        {
            // The grain tier's state: a registration change only. Registered first, so it is started first and stopped last.
            services.AddSingleton<EdgeClusterService>();
            services.AddSingleton<IDispatcherState>(sp => sp.GetRequiredService<EdgeClusterService>());

            // One edge probes for the whole cluster: the oldest Up one, by Akka's membership.
            services.AddSingleton<IProbeLeadership>(sp => sp.GetRequiredService<EdgeClusterService>());
            services.AddHostedService(sp => sp.GetRequiredService<EdgeClusterService>());
        }

        services.AddEdgeMetrics();
        services.AddSingleton(sp => new SipTransactionLayer(settings.Sip.Timers, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SipTransactionLayer>>()) { Metrics = sp.GetService<EdgeMetrics>() });
        services.AddSingleton<SipEdgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipEdgeService>());
        services.AddSingleton<IProbeSender>(sp => new TransactionProbeSender(sp.GetRequiredService<SipTransactionLayer>(), sp.GetRequiredService<SipEdgeService>().Resolver));
        services.AddHostedService(sp => new OptionsProber(
            sp.GetRequiredService<IDispatcherState>(),
            sp.GetRequiredService<IProbeSender>(),
            settings.Dispatcher.Health,
            settings.ProbeFrom,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OptionsProber>>(),
            new DrainingLeadership(sp.GetRequiredService<IProbeLeadership>(), sp.GetRequiredService<SipEdgeService>()),
            sp.GetService<EdgeMetrics>()));
    }
}
