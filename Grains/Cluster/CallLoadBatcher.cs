using System.Collections.Immutable;
using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// An edge's way to the call-load grain: the selections and call reports asked of it while it
/// was busy leave together as one <see cref="CallLoadBatch"/>, and each asker gets its own answer
/// back from the <see cref="CallLoadBatchAnswer"/>. Under load the remote messages carry many calls
/// each instead of growing in number, since Akka.Remote costs per message. Order is kept: one
/// edge's requests reach the grain in the order asked.
/// </summary>
/// <remarks>
/// <para>
/// Only selections and moves leave at once: an edge waits on their answer to route a call. The
/// other reports (a call started by another algorithm, confirmed, active, ended) wait up to
/// <see cref="DefaultReportDelay"/> for one to ride along with, so a call costs about one remote
/// round trip instead of three or four; what they change (a count in <c>dispatcher list</c>, a
/// slot freed under <c>maxload</c>) shows that much later.
/// </para>
/// <para>
/// An asker whose answer does not come gives up on its own (its ask times out, and the edge counts
/// alone); batches still unanswered after the timeout are forgotten here.
/// </para>
/// </remarks>
internal sealed class CallLoadBatcher : ReceiveActor, IWithTimers
{
    /// <summary>The longest a report no one waits on stays here before leaving alone.</summary>
    public static readonly TimeSpan DefaultReportDelay = TimeSpan.FromMilliseconds(20);

    private const string ReportTimer = "report";

    private readonly GrainClient _grains;
    private readonly long _timeoutMs;
    private readonly TimeSpan _reportDelay;

    // One batch at a time, clocked by its answer, as the grain clocks its writes: what is asked
    // meanwhile goes in the next. Measured with 64 callers over two edges and two silos, one in
    // flight gave 16 calls per batch and the most selections per second; two or four in flight
    // gave smaller batches and about a quarter fewer.
    private IActorRef[]? _inFlight;
    private long _inFlightId;
    private long _sentAt;
    private List<object> _requests = [];
    private List<IActorRef> _askers = [];
    private bool _flushQueued;

    public CallLoadBatcher(GrainClient grains, TimeSpan reportDelay)
    {
        _grains = grains;
        _reportDelay = reportDelay;
        _timeoutMs = (long)grains.Timeout.TotalMilliseconds;
        Receive<CallLoadBatchAnswer>(OnAnswer);
        Receive<FlushNow>(_ => Flush());
        Receive<Forget>(_ => ForgetUnanswered());
        ReceiveAny(request =>
        {
            _requests.Add(request);
            _askers.Add(Sender);
            if (_flushQueued || _inFlight is not null)
            {
                return;
            }

            if (IsAwaited(request))
            {
                // After the requests already in the mailbox, so that a burst leaves as one batch.
                _flushQueued = true;
                Self.Tell(FlushNow.Instance);
            }
            else if (!Timers.IsTimerActive(ReportTimer))
            {
                Timers.StartSingleTimer(ReportTimer, FlushNow.Instance, _reportDelay);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GrainClient grains, TimeSpan? reportDelay = null)
    {
        var delay = reportDelay ?? DefaultReportDelay;
        return Akka.Actor.Props.Create(() => new CallLoadBatcher(grains, delay));
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("forget", Forget.Instance, _grains.Timeout / 4);

    /// <summary>
    /// Reports still waiting for company go when the edge stops, so the grain does not keep an
    /// ended call until it expires. Selections and moves do not: no one would route their answer.
    /// </summary>
    protected override void PostStop()
    {
        ImmutableArray<object> reports = [.. _requests.Where(r => !IsAwaited(r))];
        if (reports.Length > 0)
        {
            _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallLoadBatch(++_inFlightId, reports), ActorRefs.NoSender);
        }
    }

    /// <summary>
    /// A restart drops what waits instead (the default would send it from <see cref="PostStop"/>):
    /// its askers time out and count alone, and must not be counted by the grain as well.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _requests.Clear();
        base.PreRestart(reason, message);
    }

    /// <summary>A selection or a move: the edge routes a call on its answer.</summary>
    private static bool IsAwaited(object request) => request is SelectByCallLoad or CallMoved;

    private void Flush()
    {
        _flushQueued = false;
        if (_requests.Count == 0 || _inFlight is not null)
        {
            return;
        }

        Timers.Cancel(ReportTimer);
        _inFlight = [.. _askers];
        _inFlightId++;
        _sentAt = Environment.TickCount64;
        _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallLoadBatch(_inFlightId, [.. _requests]), Self);
        (_requests, _askers) = ([], []);
    }

    private void OnAnswer(CallLoadBatchAnswer answer)
    {
        // An answer to a batch forgotten meanwhile: its askers have given up.
        if (_inFlight is not { } askers || answer.Id != _inFlightId)
        {
            return;
        }

        _inFlight = null;
        for (var i = 0; i < Math.Min(askers.Length, answer.Answers.Length); i++)
        {
            askers[i].Tell(answer.Answers[i]);
        }

        Flush();
    }

    private void ForgetUnanswered()
    {
        if (_inFlight is not null && _sentAt < Environment.TickCount64 - _timeoutMs)
        {
            _inFlight = null;
            Flush();
        }
    }

    private sealed record FlushNow
    {
        public static readonly FlushNow Instance = new();
    }

    private sealed record Forget
    {
        public static readonly Forget Instance = new();
    }
}
