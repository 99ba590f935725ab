using Akka.Actor;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// The call reports no one waits on, on their way to the <see cref="CallLoadBatcher"/>: the SIP
/// thread adds a report without waking anything, and the batcher takes them all into its next
/// batch. Only the first report after each take tells the batcher that some are waiting.
/// </summary>
/// <remarks>
/// <para>
/// An ask or a tell per report woke a thread-pool worker each time, and its answer another: at
/// 400 calls/s with algorithm 4 (three reports a call) that was about a third of the context
/// switches of the edge in cluster mode (docs/benchmarks.md).
/// </para>
/// <para>
/// Order is kept across the two ways in: a request the edge waits on (a selection, a move) goes
/// through the batcher's mailbox, numbered by <see cref="BeginAsk"/> with the count of reports
/// added before it. Until the batcher has it, the reports added after it are not taken (nor is
/// anything asked after them sent), and the batcher puts it before them: a call's confirmation
/// never overtakes its move.
/// </para>
/// </remarks>
internal sealed class CallReportQueue
{
    private readonly Lock _lock = new();
    private readonly List<CallReport> _reports = [];
    private readonly List<long> _asking = [];
    private IActorRef _batcher = ActorRefs.Nobody;
    private long _taken;
    private bool _signalled;

    /// <summary>Called just before a request is asked of the batcher: the number of reports that go before it.</summary>
    public long BeginAsk()
    {
        lock (_lock)
        {
            var after = _taken + _reports.Count;
            _asking.Add(after);
            return after;
        }
    }

    /// <summary>Called by the batcher when it has the request numbered <paramref name="after"/>.</summary>
    internal void Received(long after)
    {
        lock (_lock)
        {
            _asking.Remove(after);
        }
    }

    public void Enqueue(CallReport report)
    {
        IActorRef? signal = null;
        lock (_lock)
        {
            _reports.Add(report);
            if (!_signalled)
            {
                _signalled = true;
                signal = _batcher;
            }
        }

        signal?.Tell(ReportsWaiting.Instance);
    }

    /// <summary>
    /// Moves the waiting reports to <paramref name="into"/> with their numbers, but none added
    /// after a request the batcher does not have yet (unless <paramref name="all"/>, when it stops);
    /// the next one added signals again.
    /// </summary>
    /// <returns>The number of the first report held back for such a request, or null; what was asked after that many must wait too.</returns>
    public long? TakeAll(List<(long Number, CallReport Report)> into, bool all = false)
    {
        lock (_lock)
        {
            _signalled = false;
            long? limit = all || _asking.Count == 0 ? null : Math.Max(_taken, _asking.Min());
            var n = limit is { } l ? (int)Math.Min(_reports.Count, l - _taken) : _reports.Count;
            for (var i = 0; i < n; i++)
            {
                into.Add((_taken++, _reports[i]));
            }

            _reports.RemoveRange(0, n);
            return limit;
        }
    }

    /// <summary>Called by the batcher as it starts; a signal sent before then went nowhere, so it signals itself.</summary>
    internal void Attach(IActorRef batcher)
    {
        lock (_lock)
        {
            _batcher = batcher;
        }

        batcher.Tell(ReportsWaiting.Instance);
    }

    internal sealed record ReportsWaiting
    {
        public static readonly ReportsWaiting Instance = new();
    }
}
