using System.Globalization;

namespace OrleansLB.Client.Cluster;

/// <summary>One OrleansLB.Silo process on a given cluster port.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly NodeProcess _process;

    private SiloProcess(int port, NodeProcess process)
    {
        Port = port;
        _process = process;
    }

    /// <summary>The silo's Akka address, a seed for the others.</summary>
    public string Address => AddressOf(Port);

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public string Log => _process.Log;

    /// <summary>Starts a silo on <paramref name="port"/> joining <paramref name="seed"/> (itself when null); returns once it logged that it is up.</summary>
    public static async Task<SiloProcess> StartAsync(int port, string? seed, string listFile, params string[] extra)
    {
        string[] arguments = ["--list", listFile, "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", seed ?? AddressOf(port), "--http", "http://127.0.0.1:0", .. extra];
        var silo = new SiloProcess(port, NodeProcess.Start(NodeProcess.OutputOf("Silo", "OrleansLB.Silo.dll"), arguments));
        try
        {
            await silo._process.WaitForLogAsync(l => l.Contains("Silo up at", StringComparison.Ordinal), ReadyTimeout, $"the silo on port {port} up");
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no leaving, the others must notice through the failure detector.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string AddressOf(int port) => string.Create(CultureInfo.InvariantCulture, $"akka.tcp://orleanslb@127.0.0.1:{port}");
}
