using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Integration;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Cluster;

/// <summary>An edge in this process, built by <see cref="EdgeApplication.Build"/> with a <c>Cluster</c> section: a member with role edge.</summary>
internal sealed class ClusterEdge : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly IHost _host;

    private ClusterEdge(IHost host) => _host = host;

    public EdgeLog Log { get; } = new();

    public IPEndPoint UdpEndPoint { get; private set; } = null!;

    public EdgeClusterService Cluster => _host.Services.GetRequiredService<EdgeClusterService>();

    public ClusterDispatcherState State => Cluster.State!;

    public static async Task<ClusterEdge> StartAsync(IReadOnlyDictionary<string, string?> configuration)
    {
        var errors = new StringWriter();
        var host = EdgeApplication.Build([], errors, c => c.AddInMemoryCollection(configuration))
            ?? throw new InvalidOperationException($"The edge refused its configuration:\n{errors}");
        var edge = new ClusterEdge(host);
        try
        {
            host.Services.GetRequiredService<ILoggerFactory>().AddProvider(edge.Log);
            await host.StartAsync();
            edge.UdpEndPoint = host.Services.GetRequiredService<SipEdgeService>().Listeners
                .Single(l => l.EndPoint.Transport == SipTransportKind.Udp).EndPoint.EndPoint;
            return edge;
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(StopTimeout);
        try
        {
            await _host.StopAsync(stop.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
