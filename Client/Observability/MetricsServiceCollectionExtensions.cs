using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Observability.Prometheus;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Local;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>The metrics' registrations: the exporters once per host, then the edge's and the silo's instruments and views.</summary>
internal static class MetricsServiceCollectionExtensions
{
    /// <summary>The .NET runtime's built-in meter, exposed as the <c>dotnet_*</c> families.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Our meters' names start with this.</summary>
    public const string MeterPrefix = "OrleansLB.";

    /// <summary>The Prometheus collector (served by <see cref="MetricsEndpoint"/>), OTLP export as configured, the process and dispatcher instruments.</summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, MetricsOptions options)
    {
        services.AddMetrics();
        services.TryAddSingleton(options);
        services.TryAddSingleton<GrainMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, GrainMetrics>(sp => sp.GetRequiredService<GrainMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, ProcessMetrics>());
        services.TryAddSingleton(sp => new PrometheusCollector(
            PrometheusCollector.MetersOf(sp.GetRequiredService<IMeterFactory>(), [MeterPrefix], [RuntimeMeterName]),
            sp.GetServices<IMetricsSource>(),
            sp.GetRequiredService<ILogger<PrometheusCollector>>()));
        services.TryAddSingleton<OtlpMetricsExporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OtlpMetricsExporter>(sp => sp.GetRequiredService<OtlpMetricsExporter>()));
        return services;
    }

    /// <summary>The SIP edge's instruments, and the edge as a source of the dispatcher gauges.</summary>
    public static IServiceCollection AddEdgeMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new EdgeMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetService<GrainMetrics>(), sp.GetRequiredService<IDispatcherState>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, EdgeMetrics>(sp => sp.GetRequiredService<EdgeMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, EdgeStateMetrics>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatcherViewSource, EdgeViewSource>(sp => new EdgeViewSource(
            sp.GetRequiredService<IDispatcherState>(), sp.GetService<LocalDispatcherState>(), sp.GetService<EdgeClusterService>())));
        return services;
    }

    /// <summary>The grain tier of a silo as a source of the dispatcher gauges; <paramref name="node"/> is its cluster node once started.</summary>
    public static IServiceCollection AddSiloMetrics(this IServiceCollection services, Func<IServiceProvider, ClusterNode?> node)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatcherViewSource, SiloViewSource>(sp => new SiloViewSource(() => node(sp))));
        return services;
    }
}
