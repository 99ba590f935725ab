using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.DistributedData;
using OrleansLB.Client.Integration;
using OrleansLB.Client.Sipp;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// The grain tier on loopback: silo processes (the first is every node's seed and the oldest, so
/// it hosts the grains), edges joined to them with role edge (in this process, or as processes
/// of their own), and sipp <c>uas_answer</c> backends in one set with a <c>maxload</c>, the rule
/// INVITE → set 1 by call-load. Without edges in this process, an observer node (role edge, no
/// SIP) reads the replicas and reports health. Everything is stopped on dispose, in the order
/// edges, observer, silos, backends.
/// </summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("olb-cluster-");
    private readonly List<SippProcess> _backends = [];
    private readonly List<SiloProcess> _silos = [];
    private readonly List<ClusterEdge> _edges = [];
    private readonly List<EdgeProcess> _edgeProcesses = [];
    private ClusterNode? _observer;

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IReadOnlyList<ClusterEdge> Edges => _edges;

    public IReadOnlyList<SippProcess> Backends => _backends;

    public IReadOnlyList<EdgeProcess> EdgeProcesses => _edgeProcesses;

    /// <summary>The observer's dispatcher state (no SIP): reports health and sees pushes like an edge.</summary>
    public ClusterDispatcherState ObserverState { get; private set; } = null!;

    private ClusterNode Observer => _observer ?? _edges[0].Cluster.Node!;

    private string ListFile => Path.Combine(_directory.FullName, "dispatcher.list");

    /// <summary>Fast failure detection and resolver, so a killed silo is downed within a few seconds.</summary>
    private static IEnumerable<(string Key, string Value)> Timing =>
    [
        ("Cluster:HeartbeatInterval", "00:00:00.5"),
        ("Cluster:AcceptableHeartbeatPause", "00:00:02"),
        ("Cluster:StableAfter", "00:00:02"),
        ("Cluster:GrainTimeout", "00:00:03"),
    ];

    /// <param name="edgeSettings">More configuration for edge processes (<c>Proxy:AdvertisedUdp</c>…).</param>
    /// <param name="siloSettings">More settings for every silo, such as its <c>Storage</c>.</param>
    public static async Task<ClusterUnderTest> StartAsync(int backends, int maxLoad, int silos, int edges, IEnumerable<(string Key, string Value)>? siloSettings = null, int edgeProcesses = 0, IEnumerable<(string Key, string Value)>? edgeSettings = null)
    {
        var cluster = new ClusterUnderTest();
        try
        {
            for (var i = 0; i < backends; i++)
            {
                cluster._backends.Add(await SippProcess.StartAsync(new SippOptions { Scenario = SippScenarios.UasAnswer }));
            }

            await File.WriteAllLinesAsync(
                cluster.ListFile,
                cluster._backends.Select((b, i) => string.Create(CultureInfo.InvariantCulture, $"1 sip:{b.EndPoint} 0 0 duid={EdgeUnderTest.Key(i)};maxload={maxLoad}")));
            var siloArguments = Timing.Concat(siloSettings ?? []).Select(t => $"--{t.Key}={t.Value}").ToArray();
            var first = await SiloProcess.StartAsync(FreeTcpPort(), null, cluster.ListFile, siloArguments);
            cluster._silos.Add(first);
            for (var i = 1; i < silos; i++)
            {
                cluster._silos.Add(await SiloProcess.StartAsync(FreeTcpPort(), first.Address, cluster.ListFile, siloArguments));
            }

            for (var i = 0; i < edges; i++)
            {
                cluster._edges.Add(await ClusterEdge.StartAsync(cluster.EdgeConfiguration(first.Address)));
            }

            await Task.WhenAll(cluster._edges.Select(cluster.WaitForGrainsAsync));
            if (edges == 0)
            {
                var options = new ClusterOptions { SeedNodes = [first.Address], Roles = [ClusterOptions.EdgeRole], GrainTimeout = TimeSpan.FromSeconds(3) };
                cluster._observer = await ClusterNode.StartAsync(options);
                cluster.ObserverState = await ClusterDispatcherState.StartAsync(cluster._observer.System, options, CallLoadOptions.Default, DispatcherSnapshot.Empty, TimeProvider.System);
            }

            var settings = Timing.Concat(edgeSettings ?? []).ToArray();
            for (var i = 0; i < edgeProcesses; i++)
            {
                cluster._edgeProcesses.Add(await EdgeProcess.StartAsync(first.Address, cluster.ListFile, 1, "call-load", settings));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A caller of <paramref name="calls"/> calls through edge <paramref name="edge"/> (in this process).</summary>
    public SippOptions Caller(int edge, string scenario, int calls, TimeSpan hold) => Caller(_edges[edge].UdpEndPoint, scenario, calls, hold);

    /// <summary>A caller of <paramref name="calls"/> calls sent to <paramref name="remote"/>.</summary>
    public SippOptions Caller(IPEndPoint remote, string scenario, int calls, TimeSpan hold) => new()
    {
        Scenario = scenario,
        Remote = remote,
        CallRate = 50,
        MaxCalls = calls,
        PauseDuration = hold,
        Deadline = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// The active calls per destination as the call-load grain last replicated them, read from the
    /// replica of the silo at <paramref name="silo"/> (the grain writes there first).
    /// </summary>
    /// <param name="confirmedOnly">Counts only the calls a 2xx has answered.</param>
    public async Task<IReadOnlyDictionary<string, int>> ReadLoadsAsync(int silo, bool confirmedOnly = false)
    {
        var system = Observer.System;

        // Loads the replicator's serializers into the edge, which holds no replica itself.
        DistributedData.Get(system);
        var replicator = system.ActorSelection($"{_silos[silo].Address}/user/ddataReplicator");
        IReadOnlyList<KeyValuePair<string, ReplicatedCall>> calls;
        try
        {
            calls = await CallReplica.ReadLocalAsync(replicator, TimeSpan.FromSeconds(3));
        }
        catch (AskTimeoutException)
        {
            throw new InvalidOperationException($"no answer from the replica of silo {silo}\n{Describe()}");
        }

        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, call) in calls.Where(c => !confirmedOnly || c.Value.Confirmed))
        {
            loads[call.DestinationKey] = loads.GetValueOrDefault(call.DestinationKey) + 1;
        }

        return loads;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> at the deadline.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                var loads = string.Join(", ", (await ReadLoadsAsync(_silos.Count - 1)).Select(l => $"{l.Key}={l.Value}"));
                Assert.Fail($"Not within {timeout.TotalSeconds} s: {what} (loads on the last silo: {loads})\n{Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public string Describe(params SippResult[] results)
    {
        var text = new StringBuilder();
        for (var i = 0; i < _edges.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- edge {i} (degraded: {_edges[i].Cluster.State?.IsDegraded}) ---").AppendLine(_edges[i].Log.Tail());
        }

        for (var i = 0; i < _edgeProcesses.Count; i++)
        {
            var log = _edgeProcesses[i].Log;
            text.AppendLine(CultureInfo.InvariantCulture, $"--- edge process {i} ---").AppendLine(log[Math.Max(0, log.Length - 4000)..]);
        }

        for (var i = 0; i < _silos.Count; i++)
        {
            var log = _silos[i].Log;
            text.AppendLine(CultureInfo.InvariantCulture, $"--- silo {i} ---").AppendLine(log[Math.Max(0, log.Length - 4000)..]);
        }

        foreach (var result in results)
        {
            text.AppendLine("=== sipp ===").Append(result);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var edge in _edgeProcesses)
            {
                await edge.DisposeAsync();
            }

            foreach (var edge in _edges)
            {
                await edge.DisposeAsync();
            }

            if (_observer is not null)
            {
                await _observer.DisposeAsync();
            }
        }
        finally
        {
            foreach (var silo in _silos.AsEnumerable().Reverse())
            {
                await silo.DisposeAsync();
            }

            foreach (var backend in _backends)
            {
                await backend.DisposeAsync();
            }

            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Dictionary<string, string?> EdgeConfiguration(string seed)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sip:Listeners:0"] = "udp:127.0.0.1:0",
            ["Dispatcher:ListFile"] = ListFile,
            ["Cluster:SeedNodes:0"] = seed,
            ["Cluster:Port"] = "0",
        };
        foreach (var (key, value) in Timing.Concat(EdgeUnderTest.InviteRule(0, 1, "call-load").Select(p => (p.Key, p.Value!))))
        {
            configuration[key] = value;
        }

        return configuration;
    }

    /// <summary>Until the grains answer this edge (its start may have come before the singleton did).</summary>
    private async Task WaitForGrainsAsync(ClusterEdge edge)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await edge.State.ReportCallAsync(new Grains.Interfaces.Messages.CallEnded("warm-up"));
            if (!edge.State.IsDegraded)
            {
                return;
            }

            if (clock.Elapsed > JoinTimeout)
            {
                Assert.Fail($"The grains did not answer the edge within {JoinTimeout.TotalSeconds} s\n{Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
