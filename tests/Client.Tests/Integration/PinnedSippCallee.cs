using System.Net;
using System.Diagnostics;
using System.Globalization;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>
/// A sipp callee on a port the test names, for a backend restarted where dispatcher.list points:
/// <see cref="SippProcess"/> always binds a port of its own choosing. Started the same way (through
/// <c>sh -c exec</c>, output to files, see <see cref="SippProcess"/>), with only what a UDP callee needs.
/// </summary>
internal sealed class PinnedSippCallee : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("olb-sipp-pinned-");
    private readonly Process _process;

    private PinnedSippCallee(string scenario, int port)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _directory.FullName, UseShellExecute = false };
        string[] arguments =
        [
            "-c", "exec \"$0\" \"$@\" </dev/null >screen.log 2>stderr.log", Environment.GetEnvironmentVariable("SIPP") ?? "sipp",
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "u1", "-nostdin",
            "-trace_counts", "-fd", "1", "-trace_msg", "-message_file", "messages.log",
            "-watchdog_major_maxtriggers", "1000000", "-watchdog_minor_maxtriggers", "1000000",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start.");
    }

    /// <summary>Starts sipp on 127.0.0.1:<paramref name="port"/> (UDP) and returns once it holds the port.</summary>
    public static async Task<PinnedSippCallee> StartAsync(string scenario, int port)
    {
        var callee = new PinnedSippCallee(scenario, port);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!LocalSockets.IsBoundBy(callee._process.Id, new IPEndPoint(IPAddress.Loopback, port), tcp: false))
            {
                if (callee._process.HasExited || clock.Elapsed > ReadyTimeout)
                {
                    throw new InvalidOperationException($"sipp did not bind 127.0.0.1:{port}.\n{callee.Read("stderr.log")}");
                }

                await Task.Delay(10);
            }

            return callee;
        }
        catch
        {
            await callee.DisposeAsync();
            throw;
        }
    }

    /// <summary>The end of its message log, for failure messages.</summary>
    public string MessageLogTail
    {
        get
        {
            var log = Read("messages.log");
            return log.Length > 4000 ? "..." + log[^4000..] : log;
        }
    }

    /// <summary>Stops it with SIGTERM, after which sipp writes its final counts, and returns them.</summary>
    public async Task<SippMessageCounts> StopAsync()
    {
        PosixSignals.Send(_process.Id, PosixSignals.Terminate);
        using var grace = new CancellationTokenSource(ExitGrace);
        await _process.WaitForExitAsync(grace.Token);
        var counts = _directory.EnumerateFiles("*_counts.csv").FirstOrDefault();
        return counts is null ? SippMessageCounts.Empty : SippMessageCounts.Parse(await File.ReadAllTextAsync(counts.FullName));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var grace = new CancellationTokenSource(ExitGrace);
            await _process.WaitForExitAsync(grace.Token);
        }

        _process.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private string Read(string file)
    {
        var path = Path.Combine(_directory.FullName, file);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
