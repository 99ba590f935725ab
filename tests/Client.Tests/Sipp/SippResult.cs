using System.Text;

namespace OrleansLB.Client.Sipp;

/// <summary>What one sipp run did, with enough of its logs to explain a failure.</summary>
internal sealed record SippResult
{
    public required string CommandLine { get; init; }

    /// <summary>sipp's exit code, see <see cref="ExitCodeMeaning"/>; a callee stopped by the harness exits 0.</summary>
    public required int ExitCode { get; init; }

    /// <summary>The harness killed the process at <see cref="SippOptions.Deadline"/>.</summary>
    public required bool TimedOut { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required SippStatistics Statistics { get; init; }

    public required SippMessageCounts Counts { get; init; }

    /// <summary>Every response time in milliseconds when <see cref="SippOptions.TraceResponseTimes"/> was set.</summary>
    public required IReadOnlyList<double> ResponseTimesMs { get; init; }

    public required string LogDirectory { get; init; }

    public required string ErrorLogTail { get; init; }

    public required string MessageLogTail { get; init; }

    public required string StandardErrorTail { get; init; }

    /// <summary>sipp's screens, written to stdout when it exits: per-message counts show where calls failed.</summary>
    public required string ScreenTail { get; init; }

    /// <summary>A caller's verdict: sipp's own (exit 0) and the statistics agree that every call succeeded.</summary>
    public bool AllCallsSucceeded =>
        ExitCode == 0 && !TimedOut && Statistics.FailedCalls == 0 && Statistics.SuccessfulCalls > 0;

    public string ExitCodeMeaning => ExitCode switch
    {
        0 => "all calls successful",
        1 => "at least one call failed, or the scenario could not be loaded",
        97 => "exit on internal command",
        99 => "normal exit without calls processed",
        254 => "fatal error binding a socket",
        255 => "fatal error, or -timeout reached with -timeout_error",
        _ => "killed or unknown",
    };

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("sipp exited ").Append(ExitCode).Append(" (").Append(ExitCodeMeaning).Append(')')
            .Append(TimedOut ? ", killed at the deadline" : string.Empty)
            .Append(" after ").Append(Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(" s; calls: ")
            .Append(Statistics.SuccessfulCalls).Append(" successful, ")
            .Append(Statistics.FailedCalls).Append(" failed, ")
            .Append(Statistics.TotalCalls).Append(" created")
            .AppendLine()
            .Append("command: ").AppendLine(CommandLine)
            .Append("logs: ").Append(LogDirectory).Append(" (deleted unless ").Append(SippProcess.KeepLogsVariable).AppendLine(" is set)");
        Section(text, "errors.log (tail)", ErrorLogTail);
        Section(text, "stderr (tail)", StandardErrorTail);
        Section(text, "screen (tail)", ScreenTail);
        Section(text, "messages.log (tail)", MessageLogTail);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, string body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.Append("--- ").Append(title).AppendLine(" ---").AppendLine(body.TrimEnd());
        }
    }
}
