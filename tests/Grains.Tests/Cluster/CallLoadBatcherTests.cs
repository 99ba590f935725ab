using System.Collections.Concurrent;
using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

public sealed class CallLoadBatcherTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("batcher");
    private readonly ConcurrentQueue<CallLoadBatch> _received = new();
    private readonly CallReportQueue _queue = new();
    private readonly ConcurrentQueue<CallReport> _lost = new();
    private bool _alone;

    [Fact]
    public async Task Ask_WhileABatchIsOut_LeavesInTheNextOneInOrder_AndEachAskerGetsItsOwnAnswer()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10));

        var first = batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(100, "c0", 1)));
        await WaitForAsync(() => _received.Count == 1);
        var rest = Enumerable.Range(1, 10).Select(i => batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(100 + i, $"c{i}", 1)))).ToArray();
        var report = batcher.Ask<CallReportAck>(Numbered(new CallEnded("yes")));
        grain.Tell(Release.Instance);

        Assert.Equal(100, (await first).SetId);
        Assert.Equal(Enumerable.Range(101, 10), (await Task.WhenAll(rest)).Select(s => s.SetId));
        Assert.True((await report).Accepted);
        Assert.Equal([1, 11], _received.Select(b => b.Requests.Length));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"c{i}"), _received.Last().Requests.OfType<SelectByCallLoad>().Select(s => s.CallId));
    }

    [Fact]
    public async Task BatchIds_OfALaterInstance_NeverRepeatAnEarlierOnes()
    {
        // A restart makes a new instance at the same address, where the answer to a batch of the
        // one before can still arrive: it must not match a batch of the new one.
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var before = Batcher(grain, TimeSpan.FromSeconds(10));
        await before.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(1, "a", 1)));
        await before.GracefulStop(TimeSpan.FromSeconds(10));

        await Batcher(grain, TimeSpan.FromSeconds(10)).Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(2, "b", 1)));

        Assert.Equal(2, _received.Count);
        Assert.True(_received.Last().Id > _received.First().Id);
    }

    [Fact]
    public async Task Ask_AfterABatchWentUnanswered_StillReachesTheGrain()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = Batcher(grain, TimeSpan.FromMilliseconds(400));

        var lost = batcher.Ask<CallReportAck>(Numbered(new CallEnded("lost")), TimeSpan.FromMilliseconds(400));

        // Sent before the next ask (on a busy machine the ask could time out first, and both go in the held batch).
        await WaitForAsync(() => _received.Count == 1);
        await Assert.ThrowsAsync<AskTimeoutException>(() => lost);
        var later = await batcher.Ask<CallReportAck>(Numbered(new CallEnded("yes")), TimeSpan.FromSeconds(10));

        Assert.True(later.Accepted);
        Assert.Equal(["lost", "yes"], _received.Select(b => ((CallEnded)b.Requests.Single()).CallId));
    }

    [Fact]
    public async Task Report_NoOneWaitsOn_RidesWithTheNextSelectionInOrder()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));

        var ended = batcher.Ask<CallReportAck>(Numbered(new CallEnded("yes")));
        var confirmed = batcher.Ask<CallReportAck>(Numbered(new CallConfirmed("yes")));
        var selected = await batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(7, "c", 1)));

        Assert.Equal(7, selected.SetId);
        Assert.True((await ended).Accepted && (await confirmed).Accepted);
        var batch = Assert.Single(_received);
        Assert.Equal(["CallEnded", "CallConfirmed", "SelectByCallLoad"], batch.Requests.Select(r => r.GetType().Name));
    }

    [Fact]
    public async Task Report_Alone_LeavesAfterTheDelay()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

        var ack = await batcher.Ask<CallReportAck>(Numbered(new CallStarted("yes", 1, "d")), TimeSpan.FromSeconds(10));

        Assert.True(ack.Accepted);
        Assert.IsType<CallStarted>(Assert.Single(Assert.Single(_received).Requests));
    }

    [Fact]
    public async Task Stop_ReportsStillWaiting_AreSentToTheGrain_SelectionsAreNot()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        _ = batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(1, "out", 1)));
        await WaitForAsync(() => _received.Count == 1);

        // Both wait behind the batch in flight, which is never answered.
        batcher.Tell(Numbered(new CallEnded("last")));
        batcher.Tell(Numbered(new SelectByCallLoad(2, "unrouted", 1)));
        batcher.Tell(PoisonPill.Instance);

        await WaitForAsync(() => _received.Count == 2);
        Assert.Equal("last", ((CallEnded)Assert.Single(_received.Last().Requests)).CallId);
    }

    [Fact]
    public async Task QueuedReports_GoFirstInTheNextBatch_InOrder_AndAskersStillGetTheirOwnAnswers()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));

        _queue.Enqueue(new CallConfirmed("q1"));
        _queue.Enqueue(new CallEnded("q2"));
        var selected = await batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(7, "c", 1)));

        Assert.Equal(7, selected.SetId);
        var batch = Assert.Single(_received);
        Assert.Equal(["q1", "q2", "c"], batch.Requests.Select(r => r is CallReport c ? c.CallId : ((SelectByCallLoad)r).CallId));
    }

    [Fact]
    public async Task QueuedReport_Alone_LeavesAfterTheDelay_AndSignalsAgainAfterward()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

        _queue.Enqueue(new CallStarted("first", 1, "d"));
        await WaitForAsync(() => _received.Count == 1);
        _queue.Enqueue(new CallEnded("second"));
        await WaitForAsync(() => _received.Count == 2);

        Assert.Equal(["first", "second"], _received.Select(b => ((CallReport)Assert.Single(b.Requests)).CallId));
    }

    [Fact]
    public async Task QueuedBeforeTheBatcherStarted_IsStillSent()
    {
        _queue.Enqueue(new CallEnded("early"));
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

        await WaitForAsync(() => !_received.IsEmpty);
        Assert.Equal("early", ((CallEnded)Assert.Single(Assert.Single(_received).Requests)).CallId);
    }

    [Fact]
    public async Task QueuedReports_OfABatchNeverAnswered_AreHandedBack_AndTheNextBatchStillLeaves()
    {
        _queue.Enqueue(new CallStarted("lost-1", 1, "d"));
        _queue.Enqueue(new CallEnded("lost-2"));
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = Batcher(grain, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(10));

        await WaitForAsync(() => _received.Count == 1);
        await WaitForAsync(() => _lost.Count == 2);
        var later = await batcher.Ask<CallReportAck>(Numbered(new CallEnded("yes")), TimeSpan.FromSeconds(10));

        Assert.True(later.Accepted);
        Assert.Equal(["lost-1", "lost-2"], _lost.Select(r => r.CallId));
    }

    [Fact]
    public async Task AskedAndQueued_LeaveInTheOrderMade_WhateverOrderTheBatcherGetsThem()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = Batcher(grain, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));

        // Made in this order: x starts, x is moved, x is confirmed, y is selected. The move reaches
        // the batcher last, after a batch has left.
        _queue.Enqueue(new CallStarted("x", 1, "a"));
        var move = _queue.BeginAsk();
        _queue.Enqueue(new CallConfirmed("x"));
        var select = batcher.Ask<CallLoadSelection>(Numbered(new SelectByCallLoad(1, "y", 1)));
        await WaitForAsync(() => _received.Count == 1);
        await batcher.Ask<CallReportAck>(new CallLoadBatcher.Asked(new CallMoved("x", 1, "b", RespectMaxLoad: true), move));
        await select;

        Assert.Equal(
            [["CallStarted x"], ["CallMoved x", "CallConfirmed x", "SelectByCallLoad y"]],
            _received.Select(b => b.Requests.Select(r => $"{r.GetType().Name} {(r is CallReport c ? c.CallId : ((SelectByCallLoad)r).CallId)}").ToArray()));
    }

    [Fact]
    public async Task AfterABatchWasLost_ReportsQueuedBeforeTheEdgeKnew_AreHandedBackInOrder_NotSent()
    {
        _queue.Enqueue(new CallStarted("x", 1, "a"));
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        Batcher(grain, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(10));
        await WaitForAsync(() => _received.Count == 1);

        _queue.Enqueue(new CallEnded("x"));
        await WaitForAsync(() => _lost.Count == 2);

        Assert.Equal(["CallStarted", "CallEnded"], _lost.Select(r => r.GetType().Name));
        Assert.Single(_received);
    }

    public void Dispose() => _system.Dispose();

    /// <summary>As the edge asks: numbered after the reports queued so far.</summary>
    private CallLoadBatcher.Asked Numbered(object request) => new(request, _queue.BeginAsk());

    /// <summary>As the edge does, a lost batch makes it count alone (<c>_alone</c>).</summary>
    private IActorRef Batcher(IActorRef grain, TimeSpan timeout, TimeSpan? reportDelay = null) =>
        _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, timeout), _queue, OnLost, () => Volatile.Read(ref _alone), reportDelay ?? new ClusterOptions().ReportDelay));

    private void OnLost(IReadOnlyList<CallReport> reports)
    {
        Volatile.Write(ref _alone, true);
        foreach (var report in reports)
        {
            _lost.Enqueue(report);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Stands for the grain-directory proxy: keeps the first <c>held</c> batches unanswered until released; answers selections with their set id and ends of "yes" with true.</summary>
    private sealed class FakeGrain : ReceiveActor
    {
        private readonly List<(IActorRef To, CallLoadBatch Batch)> _held = [];

        public FakeGrain(ConcurrentQueue<CallLoadBatch> received, int held)
        {
            Receive<GrainEnvelope>(envelope =>
            {
                var batch = (CallLoadBatch)envelope.Message;
                received.Enqueue(batch);
                if (received.Count <= held)
                {
                    _held.Add((Sender, batch));
                    return;
                }

                Sender.Tell(Answer(batch));
            });
            Receive<Release>(_ => _held.ForEach(h => h.To.Tell(Answer(h.Batch))));
        }

        private static CallLoadBatchAnswer Answer(CallLoadBatch batch) => new(batch.Id, [.. batch.Requests.Select(r => r switch
        {
            SelectByCallLoad s => new CallLoadSelection(s.SetId, []),
            CallReport c => (object)CallReportAck.Of(c.CallId == "yes"),
            _ => CallReportAck.False,
        })]);
    }

    private sealed record Release
    {
        public static readonly Release Instance = new();
    }
}
