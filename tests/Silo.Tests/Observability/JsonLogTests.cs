using System.Diagnostics;
using System.Text.Json;

namespace OrleansLB.Silo.Observability;

/// <summary>
/// <c>Logging:Console:FormatterName=json</c> on a real silo process: every line it writes is one
/// JSON object, Akka's remoting and cluster warnings included (they come through the host's
/// loggers, not Akka's own stdout logger).
/// </summary>
public sealed class JsonLogTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("olb-jsonlog-");

    [Fact]
    public async Task Silo_JsonFormatter_EveryLineIsAJsonObjectAkkaIncluded()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "dispatcher.list"), "1 sip:127.0.0.1:5998 0 0 duid=ast1\n");

        // A seed nobody listens on: the node keeps trying to join, and Akka warns about it.
        var lines = await RunUntilAsync(
            l => l.Contains("\"Category\":\"Akka.", StringComparison.Ordinal),
            "--Logging:Console:FormatterName=json",
            "--Cluster:Port=0",
            $"--Cluster:SeedNodes:0=akka.tcp://orleanslb@127.0.0.1:{LoopbackPort.Free()}",
            "--Http:Urls=http://127.0.0.1:0",
            "--Dispatcher:ListFile=dispatcher.list",
            "--Admin:Token=");

        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.Equal(JsonValueKind.Object, e.ValueKind));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("Category").GetString())));
        var akka = entries.First(e => e.GetProperty("Category").GetString()!.StartsWith("Akka.", StringComparison.Ordinal));
        Assert.Equal("Warning", akka.GetProperty("LogLevel").GetString());
        Assert.Contains("orleanslb", akka.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "OrleansLB.Silo.Admin.AdminApi");
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Runs the silo until a line satisfies <paramref name="until"/>; returns every non-empty line of its standard output and error.</summary>
    private async Task<List<string>> RunUntilAsync(Func<string, bool> until, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.FullName,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansLB.Silo.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new List<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data))
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (until(e.Data))
            {
                seen.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await seen.Task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            lock (lines)
            {
                Assert.Fail($"no such line within {Deadline.TotalSeconds} s:\n{string.Join('\n', lines)}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        lock (lines)
        {
            return [.. lines];
        }
    }
}
