using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Faults;

/// <summary>
/// A private PostgreSQL server: <c>initdb</c> into a temporary directory and <c>pg_ctl</c> on a free
/// loopback port, from the newest <c>/usr/lib/postgresql/*/bin</c>; as the postgres user when this
/// runs as root (initdb refuses root). Disposing stops it at once and deletes its files.
/// </summary>
internal sealed class PostgreSqlServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _directory;
    private readonly string _bin;
    private bool _started;

    private PostgreSqlServer(DirectoryInfo directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's own database, for a store that creates its tables.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=orleanslb;Database=postgres;Timeout=3;Command Timeout=5");

    private string Data => Path.Combine(_directory.FullName, "data");

    public static async Task<PostgreSqlServer> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .LastOrDefault() ?? throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql (Debian: apt-get install postgresql).");
        var server = new PostgreSqlServer(Directory.CreateTempSubdirectory("olb-pg-"), bin, FreeTcpPort());
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["postgres:", server._directory.FullName]);
            }

            await server.PgAsync("initdb", "-D", server.Data, "-A", "trust", "-U", "orleanslb", "--no-sync");
            await server.PgCtlAsync("start");
            server._started = true;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fast restart (<c>pg_ctl restart -m fast</c>): every connection is dropped; returns once it accepts them again.</summary>
    public Task RestartAsync() => PgCtlAsync("restart", "-m", "fast");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                await PgCtlAsync("stop", "-m", "immediate");
            }
        }
        finally
        {
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

    private Task PgCtlAsync(string command, params string[] more) => PgAsync(
        "pg_ctl",
        [
            "-D", Data, "-w", "-l", Path.Combine(_directory.FullName, "server.log"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {_directory.FullName} -c listen_addresses=127.0.0.1 -c fsync=off"),
            command, .. more,
        ]);

    private Task PgAsync(string program, params string[] arguments)
        => Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
