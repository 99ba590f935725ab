using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// One edge as its own process (<c>dotnet OrleansLB.Client.dll</c>), joined to the silos with
/// role edge, with UDP and TCP listeners on ports the OS chooses, read back from its log.
/// </summary>
/// <remarks>
/// The program reads its appsettings.json too, so the arguments override what the sample
/// configuration sets: both listeners, probing (off), and rule 0 (INVITE from loopback to the
/// set by the given algorithm) with its Source list.
/// </remarks>
internal sealed partial class EdgeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly NodeProcess _process;

    private EdgeProcess(NodeProcess process) => _process = process;

    public IPEndPoint UdpEndPoint { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    public string Log => _process.Log;

    /// <summary>Starts an edge and returns once it has joined the cluster and bound its listeners.</summary>
    /// <param name="settings">Configuration keys and values, given as <c>--Key=Value</c> after the defaults above.</param>
    public static async Task<EdgeProcess> StartAsync(string seed, string listFile, int setId, string algorithm, IEnumerable<(string Key, string Value)> settings)
    {
        (string Key, string Value)[] defaults =
        [
            ("Dispatcher:ListFile", listFile),
            ("Dispatcher:Probing:Interval", "0"),
            ("Sip:Listeners:0", "udp:127.0.0.1:0"),
            ("Sip:Listeners:1", "tcp:127.0.0.1:0"),
            ("Cluster:SeedNodes:0", seed),
            ("Cluster:Port", "0"),
            ("Http:Urls", "http://127.0.0.1:0"),
            ("Routing:Rules:0:Name", "cluster"),
            ("Routing:Rules:0:Methods:0", "INVITE"),
            ("Routing:Rules:0:Source:0", "127.0.0.0/8"),
            ("Routing:Rules:0:Source:1", "127.0.0.0/8"),
            ("Routing:Rules:0:SetId", setId.ToString(CultureInfo.InvariantCulture)),
            ("Routing:Rules:0:Algorithm", algorithm),
        ];
        var arguments = defaults.Concat(settings).Select(s => $"--{s.Key}={s.Value}");
        var edge = new EdgeProcess(NodeProcess.Start(NodeProcess.OutputOf("Client", "OrleansLB.Client.dll"), arguments));
        try
        {
            var log = await edge._process.WaitForLogAsync(
                l => l.Contains("Edge joined the cluster", StringComparison.Ordinal) && UdpListener().IsMatch(l),
                ReadyTimeout,
                "the edge joined and listening");
            var port = int.Parse(UdpListener().Match(log).Groups[1].Value, CultureInfo.InvariantCulture);
            edge.UdpEndPoint = new IPEndPoint(IPAddress.Loopback, port);
            return edge;
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until the edge logs that it dispatches from <paramref name="version"/> or a later version of <paramref name="setId"/>.</summary>
    public Task WaitForSetVersionAsync(int setId, long version, TimeSpan timeout) =>
        _process.WaitForLogAsync(
            l => SetVersions().Matches(l).Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == setId && long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) >= version),
            timeout,
            $"set {setId} version {version} applied");

    /// <summary>The highest version of <paramref name="setId"/> the edge has logged; 0 before any.</summary>
    public long SetVersion(int setId) =>
        SetVersions().Matches(Log)
            .Where(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == setId)
            .Select(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>SIGKILL: the edge dies with its calls up.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"SIP listening on udp:127\.0\.0\.1:(\d+)")]
    private static partial Regex UdpListener();

    [GeneratedRegex(@"Dispatching from set (\d+) version (\d+)")]
    private static partial Regex SetVersions();
}
