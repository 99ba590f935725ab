using System.Collections.Immutable;
using Akka.Actor;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// The health state machine of one destination (by key) for the whole cluster: every probe
/// result and failed call from any edge lands here, and a change in state or latency goes to
/// every set grain that lists the destination.
/// </summary>
/// <remarks>
/// Kamailio keeps counters per set entry; here there is one run of failures and successes per
/// destination, seeded from the first entry that holds it, which is what "probe once per
/// destination for the whole cluster" needs.
/// </remarks>
internal sealed class DestinationGrain : ReceiveActor
{
    private readonly string _key;
    private readonly ImmutableArray<int> _setIds;
    private readonly DestinationStateMachine _machine;
    private DestinationHealth _health;

    public DestinationGrain(string key, ImmutableArray<int> setIds, DestinationHealth initial, HealthOptions options, TimeSpan idleTimeout)
    {
        _key = key;
        _setIds = setIds;
        _health = initial;
        _machine = new DestinationStateMachine(options);
        Context.SetReceiveTimeout(idleTimeout);
        Receive<HealthReport>(OnReport);
        Receive<SetAdminHealth>(a => _health = DestinationStateMachine.SetState(_health, a.StateBits).Next);
        Receive<ReceiveTimeout>(_ => Context.Parent.Tell(Passivate.Instance));
        Receive<StopGrain>(_ => Context.Stop(Self));
    }

    private void OnReport(HealthReport report)
    {
        var (next, _) = report switch
        {
            ProbeReplied reply => _machine.OnProbeReply(_health, reply.StatusCode, reply.RoundTrip),
            ProbeTimedOut => _machine.OnProbeTimeout(_health),
            DestinationUnreachable => _machine.OnCallFailure(_health, markDown: true),
            _ => _machine.OnCallFailure(_health),
        };
        var changed = next.Flags != _health.Flags || next.Latency != _health.Latency;
        _health = next;
        if (!changed)
        {
            return;
        }

        var apply = new ApplyHealth(_key, next.Flags & DestinationFlagsExtensions.StateMask, next.Latency);
        foreach (var setId in _setIds)
        {
            Context.Parent.Tell(new GrainEnvelope(GrainType.DestinationSet, GrainDirectory.SetKey(setId), apply));
        }
    }
}
