using System.Diagnostics;

namespace OrleansLB.Client.Observability;

/// <summary>
/// promtool and prometheus from Debian's <c>prometheus</c> package (<c>apt-get install -y prometheus</c>,
/// which <c>.ci/run</c> does): found through $PROMTOOL / $PROMETHEUS, the PATH, or /usr/bin; a test
/// that needs one fails naming the package when it is missing.
/// </summary>
internal static class PrometheusTools
{
    public static string Promtool => Find("promtool", "PROMTOOL");

    public static string Prometheus => Find("prometheus", "PROMETHEUS");

    /// <summary>Runs <c>promtool check metrics</c> over <paramref name="exposition"/>; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Promtool, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>The version line of a tool (<c>promtool, version 2.42.0 …</c>), for failure messages and the report.</summary>
    public static async Task<string> VersionAsync(string tool)
    {
        var start = new ProcessStartInfo(tool, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Split('\n')[0].Trim();
    }

    private static string Find(string name, string variable)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)));
        candidates.Add(Path.Combine("/usr/bin", name));
        candidates.Add(Path.Combine("/usr/local/bin", name));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{name} was not found (looked at ${variable}, the PATH, /usr/bin, /usr/local/bin): install Debian's prometheus package (apt-get install -y prometheus) or set {variable} to the binary");
    }
}
