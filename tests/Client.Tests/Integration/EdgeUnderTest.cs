using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sipp;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Integration;

/// <summary>
/// The edge as <c>Program</c> runs it (<see cref="EdgeApplication.Build"/>, the hosted services,
/// the prober), in this process, in front of sipp backends on loopback. It listens on UDP and TCP
/// on ports the OS chooses, loads a dispatcher.list written for the backends, and disposes
/// everything (host, sipp processes, the list) even when starting fails halfway.
/// </summary>
internal sealed class EdgeUnderTest : IAsyncDisposable
{
    /// <summary>Pool threads the test host may block without starving the edge.</summary>
    private const int MinPoolThreads = 16;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("olb-edge-");
    private readonly IReadOnlyList<EdgeBackend> _specs;
    private readonly List<SippProcess> _backends = [];
    private readonly EdgeLog _log = new();
    private IHost? _host;

    static EdgeUnderTest()
    {
        // The test host holds pool threads in blocking waits (the xunit adapter's run of the
        // assembly, vstest's job queue and its 1 s socket poll: seen in stack dumps of a stall),
        // and the pool adds none while the machine's CPU is above 95 %, as it is when other builds
        // run. The edge then stalls for up to a second and sipp retransmits; its own process has
        // none of these waits, so the tests give the pool threads up front.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), ports);
    }

    private EdgeUnderTest(IReadOnlyList<EdgeBackend> specs) => _specs = specs;

    public IReadOnlyList<SippProcess> Backends => _backends;

    public IPEndPoint UdpEndPoint { get; private set; } = null!;

    public IPEndPoint TcpEndPoint { get; private set; } = null!;

    public LocalDispatcherState State { get; private set; } = null!;

    /// <summary>The edge's services (its meter factory, for tests that count its instruments).</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The edge is not started.");

    /// <summary>The running SIP stack: its ingress guard's counts, its transport statistics.</summary>
    public SipEdgeService Sip { get; private set; } = null!;

    public string ListFile => Path.Combine(_directory.FullName, "dispatcher.list");

    /// <summary>
    /// Starts one sipp callee per backend, writes the list, then builds and starts the edge with
    /// <paramref name="settings"/> over its defaults (listeners, list file, and, when no
    /// <c>Routing</c> key is given, one rule: INVITE to set 1 by round-robin).
    /// </summary>
    public static async Task<EdgeUnderTest> StartAsync(IReadOnlyList<EdgeBackend> backends, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var edge = new EdgeUnderTest(backends);
        try
        {
            foreach (var backend in backends)
            {
                edge._backends.Add(await SippProcess.StartAsync(new SippOptions
                {
                    Scenario = backend.Scenario,
                    PauseDuration = backend.Pause,
                }));
            }

            await File.WriteAllLinesAsync(edge.ListFile, backends.Select((b, i) => edge.ListLine(i)));
            await edge.StartHostAsync(settings ?? []);
            return edge;
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    /// <summary>Configuration keys of an INVITE rule; <paramref name="more"/> are keys under the rule, such as <c>("Source:0", "127.0.0.2/32")</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> InviteRule(int index, int setId, string algorithm, params (string Key, string Value)[] more)
    {
        var prefix = $"Routing:Rules:{index}:";
        yield return new(prefix + "Name", $"rule{index}");
        yield return new(prefix + "Methods:0", "INVITE");
        yield return new(prefix + "SetId", setId.ToString(CultureInfo.InvariantCulture));
        yield return new(prefix + "Algorithm", algorithm);
        foreach (var (key, value) in more)
        {
            yield return new(prefix + key, value);
        }
    }

    /// <summary>The duid of backend <paramref name="index"/>.</summary>
    public static string Key(int index) => $"b{index}";

    public IPEndPoint EndPoint(SippTransport transport) => transport == SippTransport.Udp ? UdpEndPoint : TcpEndPoint;

    /// <summary>Backend <paramref name="index"/> as the dispatcher state holds it now.</summary>
    public Destination Destination(int index)
    {
        State.Snapshot.TryGetSet(_specs[index].SetId, out var set);
        return set.Destinations.Single(d => d.Key == Key(index));
    }

    /// <summary>Kamailio's two letters for backend <paramref name="index"/> (<c>AP</c>, <c>IP</c>, <c>TP</c>…).</summary>
    public string Letters(int index) => Destination(index).Flags.ToKamailioLetters();

    /// <summary>A caller of <paramref name="calls"/> calls through the edge, bounded by its deadline.</summary>
    public SippOptions Caller(string scenario, SippTransport transport, int calls) => new()
    {
        Scenario = scenario,
        Remote = EndPoint(transport),
        Transport = transport,
        CallRate = 20,
        MaxCalls = calls,
        PauseDuration = TimeSpan.FromMilliseconds(20),
        Deadline = TimeSpan.FromSeconds(30),
    };

    /// <summary>Stops every backend (SIGTERM) and returns their results, in backend order.</summary>
    public async Task<SippResult[]> StopBackendsAsync() => await Task.WhenAll(_backends.Select(b => b.StopAsync()));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the edge's state at the deadline.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, params SippResult[] results)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds} s: {what}\n{Describe(results)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The destinations with their state, the call table, the edge's log and the given sipp results: for failure messages.</summary>
    public string Describe(params SippResult[] results)
    {
        var text = new StringBuilder().AppendLine("--- dispatcher state ---");
        if (State is not null)
        {
            foreach (var set in State.Snapshot.Sets)
            {
                foreach (var d in set.Destinations)
                {
                    text.Append(CultureInfo.InvariantCulture, $"set {set.SetId} {d.Uri} {d.Flags.ToKamailioLetters()} {d.Key} load={State.Calls.GetLoad(set.SetId, d.Key)}").AppendLine();
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"active calls: {State.Calls.ActiveCalls}").AppendLine();
        }

        text.AppendLine("--- edge log (tail) ---").AppendLine(_log.Tail());
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
            if (_host is not null)
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
        finally
        {
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

    private string ListLine(int index)
    {
        var spec = _specs[index];
        var attributes = spec.Attributes.Length == 0 ? $"duid={Key(index)}" : $"duid={Key(index)};{spec.Attributes}";
        return string.Create(CultureInfo.InvariantCulture, $"{spec.SetId} sip:{_backends[index].EndPoint} {spec.Flags} {spec.Priority} {attributes}");
    }

    private async Task StartHostAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sip:Listeners:0"] = "udp:127.0.0.1:0",
            ["Sip:Listeners:1"] = "tcp:127.0.0.1:0",
            ["Dispatcher:ListFile"] = ListFile,

            // Disposing stops the host at once, calls up or not; EdgeDrainTests drain a real process.
            ["Edge:DrainTimeout"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        if (!configuration.Keys.Any(k => k.StartsWith("Routing:", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (key, value) in InviteRule(0, 1, "round-robin"))
            {
                configuration[key] = value;
            }
        }

        var errors = new StringWriter();
        _host = EdgeApplication.Build([], errors, c => c.AddInMemoryCollection(configuration))
            ?? throw new InvalidOperationException($"The edge refused its configuration:\n{errors}");
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_log);
        await _host.StartAsync();

        Sip = _host.Services.GetRequiredService<SipEdgeService>();
        var listeners = Sip.Listeners;
        UdpEndPoint = listeners.Single(l => l.EndPoint.Transport == SipTransportKind.Udp).EndPoint.EndPoint;
        TcpEndPoint = listeners.Single(l => l.EndPoint.Transport == SipTransportKind.Tcp).EndPoint.EndPoint;
        State = _host.Services.GetRequiredService<LocalDispatcherState>();
    }
}
