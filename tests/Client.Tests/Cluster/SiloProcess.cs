using System.Diagnostics;
using System.Globalization;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// One OrleansLB.Silo process (<c>dotnet OrleansLB.Silo.dll</c>, built next to this test project's
/// output through a project reference), its output in a log file rather than a pipe. Disposing
/// stops it (SIGTERM, then SIGKILL after a grace period) and deletes the log.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly string _directory;

    private SiloProcess(int port, string? seed, string listFile, IEnumerable<string> extra)
    {
        Port = port;
        _directory = Directory.CreateTempSubdirectory("olb-silo-").FullName;
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _directory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" </dev/null >silo.log 2>&1");
        start.ArgumentList.Add(DllPath);
        start.ArgumentList.Add("--list");
        start.ArgumentList.Add(listFile);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--seed");
        start.ArgumentList.Add(seed ?? Address);
        start.ArgumentList.Add("--http");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>The silo's Akka address, a seed for the others.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"akka.tcp://orleanslb@127.0.0.1:{Port}");

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>OrleansLB.Silo.dll of the same configuration as this test assembly.</summary>
    public static string DllPath
    {
        get
        {
            // bin/<Configuration>/<tfm>/ of tests/Client.Tests, mirrored under Silo/.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "Silo", "bin", output.Parent!.Name, output.Name, "OrleansLB.Silo.dll");
        }
    }

    public string Log => File.Exists(LogFile) ? ReadShared(LogFile) : string.Empty;

    private string LogFile => Path.Combine(_directory, "silo.log");

    /// <summary>Starts a silo on <paramref name="port"/> joining <paramref name="seed"/> (itself when null); returns once it logged that it is up.</summary>
    public static async Task<SiloProcess> StartAsync(int port, string? seed, string listFile, params string[] extra)
    {
        var silo = new SiloProcess(port, seed, listFile, extra);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!silo.Log.Contains("Silo up at", StringComparison.Ordinal))
            {
                if (silo.HasExited || clock.Elapsed > ReadyTimeout)
                {
                    throw new InvalidOperationException($"The silo on port {port} did not come up:\n{silo.Log}");
                }

                await Task.Delay(PollInterval);
            }

            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no leaving, the others must notice through the failure detector.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                PosixSignals.Send(_process.Id, PosixSignals.Terminate);
                using var grace = new CancellationTokenSource(ExitGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();
                    await _process.WaitForExitAsync();
                }
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
}
