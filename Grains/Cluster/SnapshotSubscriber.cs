using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>An edge's subscription to the snapshot topic: hands each <see cref="SetSnapshot"/> to the dispatcher state.</summary>
internal sealed class SnapshotSubscriber : ReceiveActor
{
    public SnapshotSubscriber(Action<SetSnapshot> apply, TaskCompletionSource subscribed)
    {
        Receive<SubscribeAck>(_ => subscribed.TrySetResult());
        Receive<SetSnapshot>(apply);
    }

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(GrainKeys.SnapshotTopic, Self));
}
