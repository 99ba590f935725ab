using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// The edge takes calls once its SIP sockets are bound and it has a snapshot to dispatch from:
/// in cluster mode, once it has joined and fetched the grain tier's snapshot.
/// </summary>
internal sealed class EdgeReadiness(SipEdgeService sip, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (sip.Listeners.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("SIP sockets are not bound"));
        }

        if (sip.IsDraining)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("draining: shutting down"));
        }

        var cluster = services.GetService<EdgeClusterService>();
        if (cluster is not null && cluster.State is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("not joined to the grain tier yet"));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{sip.Listeners.Count} SIP socket(s) bound"));
    }
}
