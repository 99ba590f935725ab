using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// The virtual-grain runtime: a cluster singleton (so one per cluster) that activates a child
/// per grain type and key on the first message for it and stops idle ones on their request.
/// Callers address grains by type and key only and never learn where they live.
/// </summary>
/// <remarks>
/// It also keeps the latest snapshot of every set: a set grain reactivated after passivation
/// starts from it, the call-load grain is told of every change, and every change is published
/// to the edges on the <see cref="GrainKeys.SnapshotTopic"/> topic. At start the sets come from
/// the list the silo loaded; the epoch (the start time) tells edges that a new incarnation
/// numbers its versions afresh.
/// </remarks>
internal sealed class GrainDirectory : ReceiveActor
{
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly IActorRef _mediator;
    private readonly Dictionary<int, SetSnapshot> _sets = [];
    private readonly Dictionary<GrainId, IActorRef> _live = [];
    private readonly Dictionary<IActorRef, GrainId> _ids = [];
    private readonly Dictionary<GrainId, List<(object Message, IActorRef Sender)>> _stopping = [];
    private readonly IActorRef _admin;
    private readonly GrainTierView _view;
    private long _children;

    public GrainDirectory(DispatcherSnapshot seed, DispatcherOptions options, TimeProvider time, TimeSpan idleTimeout, DispatcherPersistence persistence)
    {
        _options = options;
        _time = time;
        _idleTimeout = idleTimeout;
        var epoch = time.GetUtcNow().UtcTicks;
        foreach (var set in seed.Sets)
        {
            _sets[set.SetId] = new SetSnapshot(epoch, 1, set);
        }

        _view = GrainTierView.Get(Context.System);
        _view.SetsChanged(_sets.Values);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _admin = Context.ActorOf(Akka.Actor.Props.Create(() => new AdminGrain(persistence)), "admin");
        Receive<AdminCommand>(c => _admin.Forward(c));
        Receive<RestartDestinations>(_ => RestartDestinationGrains());
        Receive<GrainEnvelope>(e => Deliver(new GrainId(e.Type, Normalize(e.Type, e.Key)), e.Message, Sender));
        Receive<GetSetIds>(_ => Sender.Tell(new SetIds([.. _sets.Keys.Order()])));
        Receive<SetSnapshot>(OnSetChanged);
        Receive<Passivate>(_ => OnPassivate(Sender));
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
    }

    public static string SetKey(int setId) => setId.ToString(CultureInfo.InvariantCulture);

    public static Props Props(DispatcherSnapshot seed, DispatcherOptions options, TimeProvider time, TimeSpan idleTimeout, DispatcherPersistence persistence) =>
        Akka.Actor.Props.Create(() => new GrainDirectory(seed, options, time, idleTimeout, persistence));

    // Destination keys compare ignoring case, as DestinationSet.IndexOf does.
    private static string Normalize(GrainType type, string key) =>
        type == GrainType.Destination ? key.ToLowerInvariant() : key;

    protected override void PostStop() => _view.DirectoryStopped();

    private void Deliver(GrainId id, object message, IActorRef sender)
    {
        if (_stopping.TryGetValue(id, out var held))
        {
            held.Add((message, sender));
            return;
        }

        if (!_live.TryGetValue(id, out var grain))
        {
            grain = Context.Watch(Context.ActorOf(PropsFor(id), $"{id.Type}-{++_children}"));
            _live[id] = grain;
            _ids[grain] = id;
            _view.Activated(id.Type);
        }

        grain.Tell(message, sender);
    }

    private Props PropsFor(GrainId id) => id.Type switch
    {
        GrainType.DestinationSet => Akka.Actor.Props.Create(() => new DestinationSetGrain(SetFor(id.Key), _idleTimeout)),
        GrainType.Destination => DestinationProps(id.Key),
        GrainType.CallLoad => Akka.Actor.Props.Create(() => new CallLoadGrain(
            _options.CallLoad, _sets.Values.ToDictionary(s => s.Set.SetId, s => s.Set), _time)),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id.Type, "Unknown grain type."),
    };

    private SetSnapshot SetFor(string key)
    {
        var setId = int.Parse(key, CultureInfo.InvariantCulture);
        return _sets.TryGetValue(setId, out var snapshot)
            ? snapshot
            : new SetSnapshot(_sets.Values.FirstOrDefault()?.Epoch ?? _time.GetUtcNow().UtcTicks, 1, DestinationSet.Create(setId, []));
    }

    private Props DestinationProps(string key)
    {
        var holders = _sets.Values
            .Where(s => s.Set.IndexOf(key) >= 0)
            .Select(s => s.Set.SetId)
            .ToImmutableArray();
        var first = holders.IsEmpty ? null : EntryOf(_sets[holders[0]].Set, key);
        var health = first is null
            ? new DestinationHealth(DestinationFlags.None, 0, 0, default)
            : DestinationHealth.From(first);
        return Akka.Actor.Props.Create(() => new DestinationGrain(first == null ? key : first.Key, holders, health, _options.Health, _idleTimeout));
    }

    private static Destination EntryOf(DestinationSet set, string key) => set[set.IndexOf(key)];

    private void OnSetChanged(SetSnapshot snapshot)
    {
        if (!snapshot.Supersedes(_sets.GetValueOrDefault(snapshot.Set.SetId)))
        {
            return;
        }

        _sets[snapshot.Set.SetId] = snapshot;
        _view.SetsChanged(_sets.Values);
        _mediator.Tell(new Publish(GrainKeys.SnapshotTopic, snapshot));
        if (_live.TryGetValue(new GrainId(GrainType.CallLoad, GrainKeys.Calls), out var calls))
        {
            calls.Tell(snapshot);
        }
    }

    private void RestartDestinationGrains()
    {
        foreach (var grain in _live.Where(g => g.Key.Type == GrainType.Destination).Select(g => g.Value).ToList())
        {
            OnPassivate(grain);
        }
    }

    private void OnPassivate(IActorRef grain)
    {
        if (_ids.TryGetValue(grain, out var id) && !_stopping.ContainsKey(id))
        {
            _stopping[id] = [];
            grain.Tell(StopGrain.Instance);
        }
    }

    private void OnTerminated(IActorRef grain)
    {
        if (!_ids.Remove(grain, out var id))
        {
            return;
        }

        _live.Remove(id);
        _view.Deactivated(id.Type);
        if (_stopping.Remove(id, out var held))
        {
            foreach (var (message, sender) in held)
            {
                Deliver(id, message, sender);
            }
        }
    }

    private readonly record struct GrainId(GrainType Type, string Key);
}
