using System.Diagnostics;
using System.Globalization;
using System.Net;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>
/// One run of a SIPVicious tool (Debian package sipvicious: <c>svmap</c>, <c>svwar</c>) against an
/// address on loopback, from a port of its own, bounded in time and killed if it runs over.
/// </summary>
internal sealed record SipViciousRun(int ExitCode, bool TimedOut, string Output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<SipViciousRun> RunAsync(string tool, IPEndPoint target, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-P");
        start.ArgumentList.Add(SippPorts.Next().ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(target.Port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(target.Address.ToString());
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start; install the Debian package sipvicious.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new SipViciousRun(process.ExitCode, timedOut, $"$ {tool} {string.Join(' ', start.ArgumentList)}\n{await output}{await error}");
    }
}
