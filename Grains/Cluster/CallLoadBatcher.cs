using System.Collections.Immutable;
using System.Diagnostics;
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
/// <see cref="ClusterOptions.ReportDelay"/> for one to ride along with, so a call costs about one remote
/// round trip instead of three or four; what they change (a count in <c>dispatcher list</c>, a
/// slot freed under <c>maxload</c>) shows that much later. Reports no one waits on come through
/// the <see cref="CallReportQueue"/> rather than the mailbox, without waking a thread, and keep
/// their order with what is asked (<see cref="Asked"/>).
/// </para>
/// <para>
/// An asker whose answer does not come gives up on its own (its ask times out, and the edge counts
/// alone); batches still unanswered after the timeout are forgotten here, and the queued reports
/// they held are handed back to the edge (<c>lost</c>) to count alone.
/// </para>
/// </remarks>
internal sealed class CallLoadBatcher : ReceiveActor, IWithTimers
{
    private const string ReportTimer = "report";

    private readonly GrainClient _grains;
    private readonly long _timeoutMs;
    private readonly TimeSpan _reportDelay;
    private readonly CallReportQueue _queue;
    private readonly Action<IReadOnlyList<CallReport>> _lost;
    private readonly Func<bool> _countingAlone;

    // One batch at a time, clocked by its answer, as the grain clocks its writes: what is asked
    // meanwhile goes in the next. Measured with 64 callers over two edges and two silos, one in
    // flight gave 16 calls per batch and the most selections per second; two or four in flight
    // gave smaller batches and about a quarter fewer.
    private Pending[]? _inFlight;

    // From the clock, not 0: a restarted batcher keeps its address, and an answer to a batch of
    // the instance before may still come; counting from 0 again, it could match a new batch and
    // hand its answers to the wrong askers. Batches are fewer than clock ticks.
    private long _inFlightId = Stopwatch.GetTimestamp();
    private long _sentAt;

    // In the order they go: a queued report numbered n at 2n + 1, an asked request after n reports at 2n.
    private readonly List<Pending> _pending = [];
    private readonly List<(long Number, CallReport Report)> _taken = [];
    private bool _flushQueued;

    public CallLoadBatcher(GrainClient grains, TimeSpan reportDelay, CallReportQueue queue, Action<IReadOnlyList<CallReport>> lost, Func<bool> countingAlone)
    {
        _countingAlone = countingAlone;
        _grains = grains;
        _reportDelay = reportDelay;
        _queue = queue;
        _lost = lost;
        _timeoutMs = (long)grains.Timeout.TotalMilliseconds;
        Receive<CallLoadBatchAnswer>(OnAnswer);
        Receive<FlushNow>(_ => Flush());
        Receive<Forget>(_ => ForgetUnanswered());
        Receive<CallReportQueue.ReportsWaiting>(_ => FlushWithin(_reportDelay));
        Receive<Asked>(asked =>
        {
            _queue.Received(asked.After);
            OnAsked(asked.Request, 2 * asked.After);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="lost">Takes queued reports that did not reach the grain, to count them alone.</param>
    /// <param name="countingAlone">True while the edge counts alone: queued reports then go to <paramref name="lost"/> too, in order.</param>
    public static Props Props(GrainClient grains, CallReportQueue queue, Action<IReadOnlyList<CallReport>> lost, Func<bool> countingAlone, TimeSpan reportDelay) =>
        Akka.Actor.Props.Create(() => new CallLoadBatcher(grains, reportDelay, queue, lost, countingAlone));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("forget", Forget.Instance, _grains.Timeout / 4);
        _queue.Attach(Self);
    }

    /// <summary>
    /// Reports still waiting for company go when the edge stops, so the grain does not keep an
    /// ended call until it expires. Selections and moves do not: no one would route their answer.
    /// </summary>
    protected override void PostStop()
    {
        _queue.TakeAll(_taken, all: true);
        InsertTaken();
        ImmutableArray<object> reports = [.. _pending.Where(p => !IsAwaited(p.Request)).Select(p => p.Request)];
        if (reports.Length > 0)
        {
            _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallLoadBatch(++_inFlightId, reports), ActorRefs.NoSender);
        }
    }

    /// <summary>
    /// A restart drops what was asked: the askers time out and count alone, and must not be
    /// counted by the grain as well. The queued reports this instance took (in flight or not yet
    /// sent) are handed back to be counted alone. Not <see cref="PostStop"/>, as the default
    /// would: it takes the whole queue, ahead of asks still in the mailbox.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        HandBack([.. _inFlight ?? [], .. _pending]);
    }

    /// <summary>A selection or a move: the edge routes a call on its answer.</summary>
    private static bool IsAwaited(object request) => request is SelectByCallLoad or CallMoved;

    private void OnAsked(object request, long order)
    {
        Insert(new Pending(order, request, Sender));
        if (IsAwaited(request))
        {
            FlushSoon();
        }
        else
        {
            FlushWithin(_reportDelay);
        }
    }

    /// <summary>In order; after the entries of the same order already there.</summary>
    private void Insert(Pending entry)
    {
        _pending.Add(entry);
        var i = _pending.Count - 1;
        for (; i > 0 && _pending[i - 1].Order > entry.Order; i--)
        {
            _pending[i] = _pending[i - 1];
        }

        _pending[i] = entry;
    }

    /// <summary>After the requests already in the mailbox, so that a burst leaves as one batch.</summary>
    private void FlushSoon()
    {
        if (!_flushQueued && _inFlight is null)
        {
            _flushQueued = true;
            Self.Tell(FlushNow.Instance);
        }
    }

    private void FlushWithin(TimeSpan delay)
    {
        if (!_flushQueued && _inFlight is null && !Timers.IsTimerActive(ReportTimer))
        {
            Timers.StartSingleTimer(ReportTimer, FlushNow.Instance, delay);
        }
    }

    private void Flush()
    {
        _flushQueued = false;
        if (_inFlight is not null)
        {
            return;
        }

        var limit = _queue.TakeAll(_taken);
        InsertTaken();
        if (_countingAlone())
        {
            // A batch was lost: reports that were queued before the edge knew go alone after its
            // reports, not to the grain ahead of them.
            HandBack([.. _pending]);
            _pending.RemoveAll(p => p.Asker is null);
        }

        // Held back with the reports queued after a request not received yet: what was asked after it.
        var count = limit is { } l ? _pending.FindIndex(p => p.Order > 2 * l) : -1;
        count = count < 0 ? _pending.Count : count;
        if (count == 0)
        {
            return;
        }

        Timers.Cancel(ReportTimer);
        _inFlight = [.. _pending.Take(count)];
        _inFlightId++;
        _sentAt = Environment.TickCount64;
        _grains.Tell(GrainType.CallLoad, GrainKeys.Calls, new CallLoadBatch(_inFlightId, [.. _inFlight.Select(p => p.Request)]), Self);
        _pending.RemoveRange(0, count);
    }

    private void InsertTaken()
    {
        foreach (var (number, report) in _taken)
        {
            Insert(new Pending((2 * number) + 1, report, null));
        }

        _taken.Clear();
    }

    private void OnAnswer(CallLoadBatchAnswer answer)
    {
        // An answer to a batch forgotten meanwhile: its askers have given up.
        if (_inFlight is not { } sent || answer.Id != _inFlightId)
        {
            return;
        }

        _inFlight = null;
        for (var i = 0; i < Math.Min(sent.Length, answer.Answers.Length); i++)
        {
            sent[i].Asker?.Tell(answer.Answers[i]);
        }

        Flush();
    }

    private void ForgetUnanswered()
    {
        if (_inFlight is { } sent && _sentAt < Environment.TickCount64 - _timeoutMs)
        {
            _inFlight = null;
            HandBack(sent);
            Flush();
        }
    }

    /// <summary>Queued reports that will not reach the grain, to be counted alone; the askers' asks time out on their own.</summary>
    private void HandBack(Pending[] entries)
    {
        List<CallReport> reports = [.. entries.Where(p => p.Asker is null).Select(p => (CallReport)p.Request)];
        if (reports.Count > 0)
        {
            _lost(reports);
        }
    }

    /// <summary>A request asked through the mailbox after <paramref name="After"/> queued reports (<see cref="CallReportQueue.BeginAsk"/>).</summary>
    internal sealed record Asked(object Request, long After);

    /// <param name="Asker">Null for a queued report, whose answer no one waits for.</param>
    private readonly record struct Pending(long Order, object Request, IActorRef? Asker);

    private sealed record FlushNow
    {
        public static readonly FlushNow Instance = new();
    }

    private sealed record Forget
    {
        public static readonly Forget Instance = new();
    }
}
