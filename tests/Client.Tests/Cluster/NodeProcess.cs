using System.Diagnostics;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// One of our programs (<c>dotnet OrleansLB.Silo.dll</c> or <c>OrleansLB.Client.dll</c>, built next
/// to this test project's output through project references) as a process, its output in a log
/// file rather than a pipe. Disposing stops it (SIGTERM, then SIGKILL after a grace period) and
/// deletes the log.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Process _process;
    private readonly string _directory;

    private NodeProcess(string dll, IEnumerable<string> arguments)
    {
        _directory = Directory.CreateTempSubdirectory("olb-node-").FullName;
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _directory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" </dev/null >node.log 2>&1");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public bool HasExited => _process.HasExited;

    public string Log => File.Exists(LogFile) ? ReadShared(LogFile) : string.Empty;

    private string LogFile => Path.Combine(_directory, "node.log");

    /// <summary>Starts <paramref name="dll"/> (see <see cref="OutputOf"/>) in a directory of its own.</summary>
    public static NodeProcess Start(string dll, IEnumerable<string> arguments) => new(dll, arguments);

    /// <summary>The program of project <paramref name="project"/> built in the same configuration as this test assembly.</summary>
    public static string OutputOf(string project, string assembly)
    {
        // bin/<Configuration>/<tfm>/ of tests/Client.Tests, mirrored under the project's folder.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, project, "bin", output.Parent!.Name, output.Name, assembly);
    }

    /// <summary>Polls the log until <paramref name="condition"/> holds; fails with the log when the process exits or the time is up.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var log = Log;
            if (condition(log))
            {
                return log;
            }

            if (HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"Not within {timeout.TotalSeconds} s{(HasExited ? " (the process exited)" : string.Empty)}: {what}\n{log}");
            }

            await Task.Delay(PollInterval);
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
