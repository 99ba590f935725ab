using Microsoft.Extensions.Hosting;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Starts this silo's part of <c>ping_active</c> once the silo has joined (it is registered after
/// <see cref="SiloService"/>, so it starts after it): the silo then answers edges that ask for the
/// switch, whether or not the admin API was ever called.
/// </summary>
internal sealed class PingActiveStarter(SiloService silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (silo.Node is { } node)
        {
            _ = PingActiveSwitch.Get(node.System);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
