using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansLB.Cli;

/// <summary>
/// A real single-node silo as its own process (the built OrleansLB.Silo.dll under dotnet), on free
/// loopback ports, with a temporary list, store and admin token; killed with its tree when disposed.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    public const string Token = "cli-test-token-0123456789abcdef";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, string folder, Uri url)
    {
        _process = process;
        Folder = folder;
        Url = url;
    }

    public string Folder { get; }

    public Uri Url { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(string list)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orleanslb-tests", $"cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var listFile = Path.Combine(folder, "dispatcher.list");
        await File.WriteAllTextAsync(listFile, list);
        var clusterPort = FreePort();
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            SiloDll(), "--list", listFile, "--port", $"{clusterPort}", "--seed", $"akka.tcp://orleanslb@127.0.0.1:{clusterPort}", "--http", url.ToString().TrimEnd('/'),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Admin__Token"] = Token;
        start.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(folder, "orleanslb.db")}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloProcess(process, folder, url);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitReadyAsync();
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(Deadline);
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Too slow to answer yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the silo was not ready within {Deadline.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>The silo built beside this test assembly's configuration (the project reference builds it first).</summary>
    private static string SiloDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansLB.sln")))
            {
                var dll = Path.Combine(dir.FullName, "Silo", "bin", configuration, framework, "OrleansLB.Silo.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("build the Silo project first", dll);
            }
        }

        throw new DirectoryNotFoundException($"no OrleansLB.sln above {AppContext.BaseDirectory}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
