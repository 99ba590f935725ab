using System.Net;

namespace OrleansLB.Client.Sipp;

/// <summary>How to run one sipp process.</summary>
/// <remarks>
/// A process with a <see cref="Remote"/> is a caller (sipp client mode); without one it is a
/// callee that waits for calls on its own port until stopped. The local address is always
/// 127.0.0.1 and the port is chosen by <see cref="SippPorts"/>.
/// </remarks>
internal sealed record SippOptions
{
    /// <summary>A scenario file (see <see cref="SippScenarios"/>) or a built-in name such as "uac" or "uas".</summary>
    public required string Scenario { get; init; }

    /// <summary>Where a caller sends every request; null for a callee.</summary>
    public IPEndPoint? Remote { get; init; }

    public SippTransport Transport { get; init; } = SippTransport.Udp;

    /// <summary>New calls per second (-r); callers only.</summary>
    public double CallRate { get; init; } = 10;

    /// <summary>Exit after this many calls (-m); callers without it run until <see cref="Deadline"/>.</summary>
    public int? MaxCalls { get; init; }

    /// <summary>Most calls open at once (-l).</summary>
    public int? MaxConcurrentCalls { get; init; }

    /// <summary>Length of every &lt;pause/&gt; without its own duration (-d).</summary>
    public TimeSpan PauseDuration { get; init; }

    /// <summary>A call fails when an expected message does not arrive in this time (-recv_timeout).</summary>
    public TimeSpan? ReceiveTimeout { get; init; }

    /// <summary>
    /// Bound on the whole run. A caller gets it as -timeout with -timeout_error (sipp exits 255
    /// when it is reached) and is killed shortly after if it still runs; a callee is not bounded
    /// by sipp but <see cref="SippProcess.WaitForExitAsync"/> gives up after it.
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Write every sent and received message to messages.log (-trace_msg).</summary>
    public bool TraceMessages { get; init; } = true;

    /// <summary>Write every response time to the rtt file (-trace_rtt, -rtt_freq 1).</summary>
    public bool TraceResponseTimes { get; init; }

    /// <summary>The loopback address sipp binds and sends from (-i): another 127.0.0.0/8 address is another source to the edge.</summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Appended as they are, for options this record does not name.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public bool IsCaller => Remote is not null;
}
