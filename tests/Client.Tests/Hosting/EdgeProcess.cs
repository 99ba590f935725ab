using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// One OrleansLB.Client process (<c>dotnet OrleansLB.Client.dll</c>, as a container runs it) on
/// loopback: SIP on a UDP port and HTTP on a TCP port that the OS chooses, both read back from its
/// log. Disposing kills it if it still runs and deletes the log.
/// </summary>
internal sealed partial class EdgeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly string _directory;

    private EdgeProcess(string directory, IEnumerable<string> arguments)
    {
        _directory = directory;
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _directory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" </dev/null >edge.log 2>&1");
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public IPEndPoint SipEndPoint { get; private set; } = null!;

    public Uri Http { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Log => File.Exists(LogFile) ? ReadShared(LogFile) : string.Empty;

    /// <summary>OrleansLB.Client.dll of the same configuration as this test assembly.</summary>
    private static string DllPath
    {
        get
        {
            // bin/<Configuration>/<tfm>/ of tests/Client.Tests, mirrored under Client/.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "Client", "bin", output.Parent!.Name, output.Name, "OrleansLB.Client.dll");
        }
    }

    private string LogFile => Path.Combine(_directory, "edge.log");

    /// <summary>
    /// Starts an edge dispatching every INVITE to <paramref name="backends"/> (set 1, round-robin;
    /// the sample appsettings.json's set 2 gets them too) with <paramref name="settings"/> as
    /// <c>--Key value</c> pairs; returns once it logged its SIP and HTTP addresses.
    /// </summary>
    public static async Task<EdgeProcess> StartAsync(IReadOnlyList<IPEndPoint> backends, params (string Key, string Value)[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("olb-edgeproc-").FullName;
        var list = Path.Combine(directory, "dispatcher.list");
        await File.WriteAllLinesAsync(list, new[] { 1, 2 }.SelectMany(set => backends.Select((b, i) => string.Create(CultureInfo.InvariantCulture, $"{set} sip:{b} 0 0 duid=b{i}"))));
        (string Key, string Value)[] defaults =
        [
            ("Sip:Listeners:0", "udp:127.0.0.1:0"),
            ("Sip:Listeners:1", "tcp:127.0.0.1:0"),
            ("Http:Urls", "http://127.0.0.1:0"),
            ("Dispatcher:ListFile", list),
            ("Routing:Rules:1:Algorithm", "round-robin"),
            ("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),
        ];
        var edge = new EdgeProcess(directory, defaults.Concat(settings).SelectMany(s => new[] { "--" + s.Key, s.Value }));
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var log = edge.Log;
                var sip = SipListening().Match(log);
                var http = HttpListening().Match(log);
                if (sip.Success && http.Success)
                {
                    edge.SipEndPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(sip.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
                    edge.Http = new Uri(http.Groups[1].Value);
                    return edge;
                }

                if (edge.HasExited || clock.Elapsed > ReadyTimeout)
                {
                    throw new InvalidOperationException($"The edge did not come up:\n{log}");
                }

                await Task.Delay(PollInterval);
            }
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    /// <summary>What Kubernetes sends to stop a pod.</summary>
    public void Terminate() => PosixSignals.Send(_process.Id, PosixSignals.Terminate);

    /// <summary>The exit code, or null when the process still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"SIP listening on udp:127\.0\.0\.1:(\d+)")]
    private static partial Regex SipListening();

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex HttpListening();
}
