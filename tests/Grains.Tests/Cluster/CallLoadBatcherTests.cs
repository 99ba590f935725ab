using System.Collections.Concurrent;
using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

public sealed class CallLoadBatcherTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("batcher");
    private readonly ConcurrentQueue<CallLoadBatch> _received = new();

    [Fact]
    public async Task Ask_WhileABatchIsOut_LeavesInTheNextOneInOrder_AndEachAskerGetsItsOwnAnswer()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, TimeSpan.FromSeconds(10))));

        var first = batcher.Ask<CallLoadSelection>(new SelectByCallLoad(100, "c0", 1));
        await WaitForAsync(() => _received.Count == 1);
        var rest = Enumerable.Range(1, 10).Select(i => batcher.Ask<CallLoadSelection>(new SelectByCallLoad(100 + i, $"c{i}", 1))).ToArray();
        var report = batcher.Ask<CallReportAck>(new CallEnded("yes"));
        grain.Tell(Release.Instance);

        Assert.Equal(100, (await first).SetId);
        Assert.Equal(Enumerable.Range(101, 10), (await Task.WhenAll(rest)).Select(s => s.SetId));
        Assert.True((await report).Accepted);
        Assert.Equal([1, 11], _received.Select(b => b.Requests.Length));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"c{i}"), _received.Last().Requests.OfType<SelectByCallLoad>().Select(s => s.CallId));
    }

    [Fact]
    public async Task Ask_AfterABatchWentUnanswered_StillReachesTheGrain()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, TimeSpan.FromMilliseconds(400))));

        await Assert.ThrowsAsync<AskTimeoutException>(() => batcher.Ask<CallReportAck>(new CallEnded("lost"), TimeSpan.FromMilliseconds(400)));
        var later = await batcher.Ask<CallReportAck>(new CallEnded("yes"), TimeSpan.FromSeconds(10));

        Assert.True(later.Accepted);
        Assert.Equal(["lost", "yes"], _received.Select(b => ((CallEnded)b.Requests.Single()).CallId));
    }

    [Fact]
    public async Task Report_NoOneWaitsOn_RidesWithTheNextSelectionInOrder()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, TimeSpan.FromSeconds(10)), reportDelay: TimeSpan.FromHours(1)));

        var ended = batcher.Ask<CallReportAck>(new CallEnded("yes"));
        var confirmed = batcher.Ask<CallReportAck>(new CallConfirmed("yes"));
        var selected = await batcher.Ask<CallLoadSelection>(new SelectByCallLoad(7, "c", 1));

        Assert.Equal(7, selected.SetId);
        Assert.True((await ended).Accepted && (await confirmed).Accepted);
        var batch = Assert.Single(_received);
        Assert.Equal(["CallEnded", "CallConfirmed", "SelectByCallLoad"], batch.Requests.Select(r => r.GetType().Name));
    }

    [Fact]
    public async Task Report_Alone_LeavesAfterTheDelay()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 0)));
        var batcher = _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, TimeSpan.FromSeconds(10)), reportDelay: TimeSpan.FromMilliseconds(50)));

        var ack = await batcher.Ask<CallReportAck>(new CallStarted("yes", 1, "d"), TimeSpan.FromSeconds(10));

        Assert.True(ack.Accepted);
        Assert.IsType<CallStarted>(Assert.Single(Assert.Single(_received).Requests));
    }

    [Fact]
    public async Task Stop_ReportsStillWaiting_AreSentToTheGrain_SelectionsAreNot()
    {
        var grain = _system.ActorOf(Props.Create(() => new FakeGrain(_received, 1)));
        var batcher = _system.ActorOf(CallLoadBatcher.Props(new GrainClient(grain, TimeSpan.FromSeconds(10)), reportDelay: TimeSpan.FromHours(1)));
        _ = batcher.Ask<CallLoadSelection>(new SelectByCallLoad(1, "out", 1));
        await WaitForAsync(() => _received.Count == 1);

        // Both wait behind the batch in flight, which is never answered.
        batcher.Tell(new CallEnded("last"));
        batcher.Tell(new SelectByCallLoad(2, "unrouted", 1));
        batcher.Tell(PoisonPill.Instance);

        await WaitForAsync(() => _received.Count == 2);
        Assert.Equal("last", ((CallEnded)Assert.Single(_received.Last().Requests)).CallId);
    }

    public void Dispose() => _system.Dispose();

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
