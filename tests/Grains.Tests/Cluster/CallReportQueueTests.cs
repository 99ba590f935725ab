using Akka.Actor;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Grains.Cluster;

public sealed class CallReportQueueTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("queue");
    private readonly CallReportQueue _queue = new();

    [Fact]
    public async Task Enqueue_SignalsOncePerTake()
    {
        var batcher = _system.ActorOf(Props.Create(() => new SignalCounter()));
        _queue.Attach(batcher);

        _queue.Enqueue(new CallEnded("a"));
        _queue.Enqueue(new CallEnded("b"));
        var beforeTake = await batcher.Ask<int>(SignalCounter.Count, TimeSpan.FromSeconds(5));
        List<(long, CallReport)> taken = [];
        _queue.TakeAll(taken);
        _queue.Enqueue(new CallEnded("c"));
        _queue.Enqueue(new CallEnded("d"));
        var afterTake = await batcher.Ask<int>(SignalCounter.Count, TimeSpan.FromSeconds(5));

        // Attach signals once itself; then one for a and b, one for c and d.
        Assert.Equal((2, 3), (beforeTake, afterTake));
        Assert.Equal([(0L, "a"), (1L, "b")], taken.Select(t => (t.Item1, t.Item2.CallId)));
    }

    [Fact]
    public void TakeAll_LeavesReportsAddedAfterAnAskTheBatcherHasNot_UntilItHasIt()
    {
        _queue.Enqueue(new CallEnded("before"));
        var after = _queue.BeginAsk();
        _queue.Enqueue(new CallEnded("later"));
        List<(long Number, CallReport Report)> taken = [];

        _queue.TakeAll(taken);
        Assert.Equal(["before"], taken.Select(t => t.Report.CallId));

        _queue.Received(after);
        _queue.TakeAll(taken);
        Assert.Equal(["before", "later"], taken.Select(t => t.Report.CallId));
        Assert.Equal([0L, 1L], taken.Select(t => t.Number));
    }

    [Fact]
    public void TakeAll_All_TakesEverything_WhateverIsAsked()
    {
        _queue.BeginAsk();
        _queue.Enqueue(new CallEnded("stopping"));
        List<(long Number, CallReport Report)> taken = [];

        _queue.TakeAll(taken, all: true);

        Assert.Equal(["stopping"], taken.Select(t => t.Report.CallId));
    }

    public void Dispose() => _system.Dispose();

    /// <summary>Stands for the batcher: counts the signals; asked <see cref="Count"/>, answers how many came before.</summary>
    private sealed class SignalCounter : ReceiveActor
    {
        public const string Count = "count";

        public SignalCounter()
        {
            var signals = 0;
            Receive<CallReportQueue.ReportsWaiting>(_ => signals++);
            Receive<string>(_ => Sender.Tell(signals));
        }
    }
}
