using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// An edge node's receiving end for set snapshots, at <c>/user/</c><see cref="GrainKeys.SnapshotHub"/>:
/// the grain directory tells it every change directly, and every set when it first sees the node
/// Up. It keeps the newest snapshot of each set, so a dispatcher state that starts listening later
/// begins from them.
/// </summary>
/// <remarks>
/// Distributed pub-sub did this before and lost changes: a subscription reaches the publishing
/// node only by the mediators' gossip (a random peer each second), so an edge that had just
/// fetched its sets missed every change published before the gossip came round, for good.
/// Membership is what the directory already knows; this actor exists before the node joins.
/// </remarks>
internal sealed class SnapshotHub : ReceiveActor
{
    private readonly Dictionary<int, SetSnapshot> _sets = [];
    private readonly List<Action<SetSnapshot>> _listeners = [];

    public SnapshotHub()
    {
        Receive<SetSnapshot>(OnSnapshot);
        Receive<ListenToSnapshots>(listen =>
        {
            foreach (var snapshot in _sets.Values)
            {
                listen.Apply(snapshot);
            }

            _listeners.Add(listen.Apply);
            Sender.Tell(Akka.Done.Instance);
        });
    }

    private void OnSnapshot(SetSnapshot snapshot)
    {
        if (!snapshot.Supersedes(_sets.GetValueOrDefault(snapshot.Set.SetId)))
        {
            return;
        }

        _sets[snapshot.Set.SetId] = snapshot;
        foreach (var listener in _listeners)
        {
            listener(snapshot);
        }
    }
}
