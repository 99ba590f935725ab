using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// The authority for one destination set: applies health changes and hands every new
/// <see cref="SetSnapshot"/> to the directory at once, which publishes it to every edge.
/// </summary>
internal sealed class DestinationSetGrain : ReceiveActor
{
    private SetSnapshot _current;

    public DestinationSetGrain(SetSnapshot initial, TimeSpan idleTimeout)
    {
        _current = initial;
        Context.SetReceiveTimeout(idleTimeout);
        Receive<GetSetSnapshot>(_ => Sender.Tell(_current));
        Receive<ApplyHealth>(Apply);
        Receive<ApplyAdmin>(ApplyAdmin);
        Receive<ReceiveTimeout>(_ => Context.Parent.Tell(Passivate.Instance));
        Receive<StopGrain>(_ => Context.Stop(Self));
    }

    private void ApplyAdmin(ApplyAdmin change)
    {
        var (set, matched) = change.Change(_current.Set);
        if (set is null)
        {
            Sender.Tell(AdminResult.Failed(change.NotFound));
            return;
        }

        if (!ReferenceEquals(set, _current.Set))
        {
            _current = _current with { Version = _current.Version + 1, Set = set };
            Context.Parent.Tell(_current);
        }

        Sender.Tell(AdminResult.Ok(matched));
    }

    private void Apply(ApplyHealth health)
    {
        var set = _current.Set;
        for (var i = 0; i < set.Count; i++)
        {
            var entry = set[i];
            if (!string.Equals(entry.Key, health.DestinationKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // The entry keeps its own configuration bits (NoPing, NoDnsResolve); only state comes from the destination.
            var flags = (entry.Flags & ~DestinationFlagsExtensions.StateMask) | health.StateFlags;
            if (flags != entry.Flags || entry.Latency != health.Latency)
            {
                // Same priority, so the index stays valid while the loop goes on.
                set = set.With(i, entry with { Flags = flags, Latency = health.Latency });
            }
        }

        if (!ReferenceEquals(set, _current.Set))
        {
            _current = _current with { Version = _current.Version + 1, Set = set };
            Context.Parent.Tell(_current);
        }
    }
}
