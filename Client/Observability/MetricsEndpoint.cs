using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansLB.Client.Observability.Prometheus;

namespace OrleansLB.Client.Observability;

/// <summary><c>/metrics</c>: the Prometheus text exposition format 0.0.4.</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Made now, before the host starts, so that it counts from the first SIP message on.
        var collector = endpoints.ServiceProvider.GetRequiredService<PrometheusCollector>();
        endpoints.MapGet("/metrics", context =>
        {
            context.Response.ContentType = PrometheusCollector.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(collector.Collect());
        });
        return endpoints;
    }
}
