using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrleansLB.Client.Sipp;

/// <summary>One real sipp process (a child of the test host) on 127.0.0.1, with its logs in a temporary directory.</summary>
/// <remarks>
/// A caller runs its calls and exits: <see cref="RunAsync"/> or <see cref="WaitForExitAsync"/>.
/// A callee (backend) runs until <see cref="StopAsync"/> or dispose; <see cref="StartAsync"/>
/// returns once its socket is bound, so calls sent afterwards are not lost. Disposing kills a
/// process that still runs and deletes the logs unless <see cref="KeepLogsVariable"/> is set.
/// The executable is "sipp" on the PATH, or $SIPP.
/// </remarks>
internal sealed class SippProcess : IAsyncDisposable
{
    /// <summary>Set it to keep every run's logs; failure messages carry their tails anyway.</summary>
    public const string KeepLogsVariable = "ORLEANSLB_SIPP_KEEP_LOGS";

    private const int BindErrorExitCode = 254;
    private const int BindAttempts = 5;
    private const int FileTailChars = 4000;
    private const string StatisticsFile = "stats.csv";
    private const string ErrorFile = "errors.log";
    private const string MessageFile = "messages.log";
    private const string ScreenFile = "screen.log";
    private const string StandardErrorFile = "stderr.log";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _commandLine;
    private SippResult? _result;

    private SippProcess(SippOptions options, int port)
    {
        Options = options;
        Port = port;
        LogDirectory = Path.Combine(
            Path.GetTempPath(), "orleanslb-sipp", $"{Path.GetFileNameWithoutExtension(options.Scenario)}-{port}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(LogDirectory);

        // sipp runs through "sh -c exec" so that its output goes straight to files: reading
        // redirected output blocks a thread-pool thread per stream (dotnet/runtime#81896), and
        // a few sipp processes are enough to stall a two-core test host for a second.
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = LogDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec \"$0\" \"$@\" </dev/null >{ScreenFile} 2>{StandardErrorFile}");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("SIPP") ?? "sipp");
        foreach (var argument in Arguments(options, port))
        {
            start.ArgumentList.Add(argument);
        }

        _commandLine = string.Join(' ', start.ArgumentList.Skip(2));
        _process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start.");
    }

    public SippOptions Options { get; }

    /// <summary>The local port sipp listens on (UDP, or TCP for the TCP transports).</summary>
    public int Port { get; }

    public IPEndPoint EndPoint => new(Options.LocalAddress, Port);

    public string LogDirectory { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts sipp on a free port and waits until it holds that port (or, for a caller, has already finished).</summary>
    public static async Task<SippProcess> StartAsync(SippOptions options, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sipp = new SippProcess(options, SippPorts.Next());
            try
            {
                if (await sipp.WaitUntilBoundAsync(cancellationToken) || options.IsCaller && sipp._process.ExitCode != BindErrorExitCode)
                {
                    return sipp;
                }

                var result = await sipp.WaitForExitAsync(cancellationToken);
                if (result.ExitCode != BindErrorExitCode || attempt == BindAttempts)
                {
                    throw new InvalidOperationException($"sipp exited before it was ready.\n{result}");
                }
            }
            catch
            {
                await sipp.DisposeAsync();
                throw;
            }

            // Another process took the port between the probe and sipp's bind: try another.
            await sipp.DisposeAsync();
        }
    }

    /// <summary>Runs a caller to its end (or its deadline) and cleans up.</summary>
    public static async Task<SippResult> RunAsync(SippOptions options, CancellationToken cancellationToken = default)
    {
        await using var sipp = await StartAsync(options, cancellationToken);
        return await sipp.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Waits for sipp to exit, killing it once <see cref="SippOptions.Deadline"/> (plus a grace for sipp's own -timeout) has passed.</summary>
    public async Task<SippResult> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        if (_result is not null)
        {
            return _result;
        }

        var remaining = Options.Deadline + ExitGrace - _clock.Elapsed;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return await CollectAsync(timedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            return await CollectAsync(timedOut: true);
        }
    }

    /// <summary>
    /// Stops a callee with SIGTERM: sipp writes its final statistics and counts and exits at
    /// once; calls still in progress or in their closing timewait are not counted as successful.
    /// </summary>
    public async Task<SippResult> StopAsync()
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
                await KillAsync();
                return await CollectAsync(timedOut: true);
            }
        }

        return await CollectAsync(timedOut: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable(KeepLogsVariable) is not { Length: > 0 })
        {
            try
            {
                Directory.Delete(LogDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }
    }

    private static IEnumerable<string> Arguments(SippOptions options, int port)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (options.Remote is { } remote)
        {
            yield return remote.ToString();
        }

        var isFile = options.Scenario.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
        yield return isFile ? "-sf" : "-sn";
        yield return options.Scenario;
        yield return "-i";
        yield return options.LocalAddress.ToString();
        yield return "-p";
        yield return port.ToString(invariant);
        yield return "-t";
        yield return options.Transport switch
        {
            SippTransport.Tcp => "t1",
            SippTransport.TcpPerCall => "tn",
            _ => "u1",
        };
        if (options.Transport == SippTransport.TcpPerCall)
        {
            // sipp refuses its default of 50,000 sockets when the open-file limit is lower.
            yield return "-max_socket";
            yield return "1000";
        }

        yield return "-nostdin";
        yield return "-d";
        yield return ((long)options.PauseDuration.TotalMilliseconds).ToString(invariant);
        if (options.IsCaller)
        {
            yield return "-r";
            yield return options.CallRate.ToString(invariant);
            yield return "-timeout";
            yield return Math.Ceiling(options.Deadline.TotalSeconds).ToString(invariant) + "s";
            yield return "-timeout_error";
        }

        if (options.MaxCalls is { } maxCalls)
        {
            yield return "-m";
            yield return maxCalls.ToString(invariant);
        }

        if (options.MaxConcurrentCalls is { } maxConcurrent)
        {
            yield return "-l";
            yield return maxConcurrent.ToString(invariant);
        }

        if (options.ReceiveTimeout is { } receiveTimeout)
        {
            yield return "-recv_timeout";
            yield return ((long)receiveTimeout.TotalMilliseconds).ToString(invariant);
        }

        // Statistics every second too, so a killed process still leaves recent counts.
        foreach (var argument in new[] { "-trace_stat", "-stf", StatisticsFile, "-fd", "1", "-trace_counts", "-trace_err", "-error_file", ErrorFile })
        {
            yield return argument;
        }

        if (options.TraceMessages)
        {
            yield return "-trace_msg";
            yield return "-message_file";
            yield return MessageFile;
        }

        if (options.TraceResponseTimes)
        {
            yield return "-trace_rtt";
            yield return "-rtt_freq";
            yield return "1";
        }

        // A loaded CI machine trips sipp's watchdog; after 10 major trips sipp ends the test.
        foreach (var argument in new[] { "-watchdog_major_maxtriggers", "1000000", "-watchdog_minor_maxtriggers", "1000000" })
        {
            yield return argument;
        }

        foreach (var argument in options.ExtraArguments)
        {
            yield return argument;
        }
    }

    private async Task<bool> WaitUntilBoundAsync(CancellationToken cancellationToken)
    {
        var tcp = Options.Transport != SippTransport.Udp;
        while (_clock.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (LocalSockets.IsBoundBy(_process.Id, EndPoint, tcp))
            {
                return true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        await KillAsync();
        throw new TimeoutException($"sipp did not bind {EndPoint} within {ReadyTimeout.TotalSeconds} s.\n{await CollectAsync(timedOut: true)}");
    }

    private async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    private async Task<SippResult> CollectAsync(bool timedOut)
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        _result = new SippResult
        {
            CommandLine = _commandLine,
            ExitCode = _process.ExitCode,
            TimedOut = timedOut,
            Elapsed = _clock.Elapsed,
            Statistics = SippStatistics.Parse(await ReadAsync(StatisticsFile)),
            Counts = SippMessageCounts.Parse(await ReadAsync(FindFile("*_counts.csv"))),
            ResponseTimesMs = ParseResponseTimes(await ReadAsync(FindFile("*_rtt.csv"))),
            LogDirectory = LogDirectory,
            ErrorLogTail = Tail(await ReadAsync(ErrorFile)),
            MessageLogTail = Tail(await ReadAsync(MessageFile)),
            StandardErrorTail = Tail(await ReadAsync(StandardErrorFile)),
            ScreenTail = LastScenarioScreen(await ReadAsync(ScreenFile)),
        };
        return _result;
    }

    private string? FindFile(string pattern) =>
        Directory.EnumerateFiles(LogDirectory, pattern).Select(Path.GetFileName).FirstOrDefault();

    private async Task<string> ReadAsync(string? file)
    {
        var path = file is null ? null : Path.Combine(LogDirectory, file);
        return path is not null && File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
    }

    // At exit sipp prints its scenario screen (messages, retransmissions, timeouts and unexpected
    // messages per scenario element) followed by its statistics screen.
    private static string LastScenarioScreen(string screen)
    {
        var start = screen.LastIndexOf("Scenario Screen", StringComparison.Ordinal);
        var end = screen.IndexOf("Statistics Screen", Math.Max(start, 0), StringComparison.Ordinal);
        return start < 0 ? Tail(screen) : Tail(end < 0 ? screen[start..] : screen[start..end]);
    }

    private static string Tail(string text) => text.Length <= FileTailChars ? text : "..." + text[^FileTailChars..];

    // Rows are "Date_ms;response_time_ms;rtd_no" after a header row.
    private static IReadOnlyList<double> ParseResponseTimes(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(row => row.Split(';'))
            .Where(columns => columns.Length >= 2)
            .Select(columns => double.TryParse(columns[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : double.NaN)
            .Where(ms => !double.IsNaN(ms))];
}
