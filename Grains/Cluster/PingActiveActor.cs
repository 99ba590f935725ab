using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Keeps one node's <see cref="PingActiveSwitch"/> current. On a silo the value lives in a
/// distributed-data register replicated among the silos (write-majority); every change seen
/// there is published on <see cref="PingActive.Topic"/>, and the silo answers
/// <see cref="GetPingActive"/> sent to <see cref="PingActiveSwitch.ActorPath"/>. Every node
/// applies what the topic carries and also asks a silo every <see cref="PollInterval"/>, because
/// pub-sub delivery is at most once and a node that joins late has seen no change.
/// </summary>
internal sealed class PingActiveActor : ReceiveActor, IWithTimers
{
    public static readonly LWWRegisterKey<PingActive> Key = new("orleanslb-ping-active");

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    private readonly PingActiveSwitch _switch;
    private readonly bool _silo;
    private readonly IActorRef _mediator;
    private readonly IActorRef _replicator = ActorRefs.Nobody;

    public PingActiveActor(PingActiveSwitch @switch, bool silo)
    {
        _switch = @switch;
        _silo = silo;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<Poll>(_ => OnPoll());
        Receive<PingActive>(p => _switch.Apply(p.Active));
        Receive<SubscribeAck>(_ => { });
        if (silo)
        {
            _replicator = DistributedData.Get(Context.System).Replicator;
            Receive<GetPingActive>(_ => Sender.Tell(PingActive.Of(_switch.IsActive)));
            Receive<SetPingActive>(OnSet);
            Receive<Changed>(c => Publish(c.Get(Key).Value));
            Receive<GetSuccess>(g => _switch.Apply(g.Get(Key).Value.Active));

            // Nothing written since the silos started: Kamailio's default, on.
            Receive<NotFound>(_ => _switch.Apply(true));
            Receive<GetFailure>(_ => { });
            Receive<UpdateSuccess>(u => Answer(u.Request));

            // The local replica holds the value already and gossip spreads it; a majority out of reach only delays that.
            Receive<UpdateTimeout>(u => Answer(u.Request));
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(PingActive.Topic, Self));
        if (_silo)
        {
            _mediator.Tell(new Put(Self));
            _replicator.Tell(Dsl.Subscribe(Key, Self));
        }

        Self.Tell(Poll.Instance);
        Timers.StartPeriodicTimer("poll", Poll.Instance, PollInterval);
    }

    private void OnPoll()
    {
        if (_silo)
        {
            _replicator.Tell(Dsl.Get(Key, ReadLocal.Instance));
        }
        else
        {
            _mediator.Tell(new Send(PingActiveSwitch.ActorPath, GetPingActive.Instance, localAffinity: true));
        }
    }

    private void OnSet(SetPingActive set)
    {
        var value = PingActive.Of(set.Active);
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        _replicator.Tell(Dsl.Update(
            Key,
            new LWWRegister<PingActive>(self, value),
            new WriteMajority(WriteTimeout),
            (Sender, value),
            register => register.WithValue(self, value)));
    }

    private void Answer(object? request)
    {
        if (request is (IActorRef requester, PingActive value))
        {
            Publish(value);
            requester.Tell(value);
        }
    }

    private void Publish(PingActive value)
    {
        _switch.Apply(value.Active);
        _mediator.Tell(new Publish(PingActive.Topic, value));
    }

    private sealed record Poll
    {
        public static readonly Poll Instance = new();
    }
}
