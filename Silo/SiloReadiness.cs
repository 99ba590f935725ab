using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansLB.Silo;

/// <summary>A silo takes work once it is an Up member of the cluster and its store answers.</summary>
internal sealed class SiloReadiness(SiloService silo) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.Node is not { } node || node.Cluster.SelfMember.Status != MemberStatus.Up)
        {
            return HealthCheckResult.Unhealthy("not an Up member of the cluster yet");
        }

        if (silo.Store is not { } store)
        {
            return HealthCheckResult.Unhealthy("the store is not open yet");
        }

        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.Message}");
        }

        return HealthCheckResult.Healthy($"Up at {node.Address}");
    }
}
