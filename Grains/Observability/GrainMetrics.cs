using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Observability;

/// <summary>
/// The dispatcher's instruments (meter <c>OrleansLB.Grains</c>): selection time by algorithm, the
/// state of every destination, grain activations, cluster members and the snapshot version.
/// </summary>
/// <remarks>
/// The gauges read the <see cref="IDispatcherViewSource"/>s of this process, each family from one
/// of them: destination gauges from the grain tier when the grain directory lives here, else from
/// the edge's snapshot; active calls only where the authoritative count is (the call-load grain,
/// or an edge that counts alone), never from an edge that asks the grains; the snapshot version
/// from the edge (the snapshot it dispatches from), else the grain tier's.
/// </remarks>
internal sealed class GrainMetrics : IMetricsSource
{
    public const string MeterName = "OrleansLB.Grains";

    /// <summary>Selection is pure computation over a snapshot: microseconds, up to the tens of milliseconds of a congested grain.</summary>
    private static readonly double[] SelectionBuckets =
        [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    private static readonly (MemberStatus Status, string Name)[] Statuses =
    [
        (MemberStatus.Joining, "joining"),
        (MemberStatus.WeaklyUp, "weakly_up"),
        (MemberStatus.Up, "up"),
        (MemberStatus.Leaving, "leaving"),
        (MemberStatus.Exiting, "exiting"),
        (MemberStatus.Down, "down"),
        (MemberStatus.Removed, "removed"),
    ];

    private static readonly string[] Roles = [ClusterOptions.SiloRole, ClusterOptions.EdgeRole];

    private readonly IDispatcherViewSource[] _sources;
    private readonly Histogram<double> _selection;

    public GrainMetrics(IMeterFactory meters, IEnumerable<IDispatcherViewSource>? sources = null)
    {
        _sources = [.. (sources ?? []).OrderBy(s => s.Order)];
        var meter = meters.Create(MeterName);
        _selection = meter.CreateHistogram(
            "orleanslb.grain.selection.duration",
            "s",
            "Time a dispatcher algorithm took to choose destinations, where it ran: the edge's snapshot, or the call-load grain for algorithm 10.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SelectionBuckets });
        meter.CreateObservableGauge("orleanslb.destination.up", ObserveUp, description: "1 while the destination may be selected (active or trying), 0 while it is inactive or disabled.");
        meter.CreateObservableGauge("orleanslb.destination.state", ObserveState, description: "1 for the destination's current state (active, trying, inactive, disabled), 0 for the others.");
        meter.CreateObservableGauge("orleanslb.destination.active_calls", ObserveActiveCalls, "{call}", "Calls up on the destination, from selection to BYE, CANCEL or failure, whatever the algorithm (algorithm 10 selects by them); only where the authoritative count is kept.");
        meter.CreateObservableGauge("orleanslb.destination.max_load", ObserveMaxLoad, "{call}", "The destination's maxload attribute: the most active calls algorithm 10 gives it (0: no limit).");
        meter.CreateObservableGauge("orleanslb.snapshot.version", ObserveVersion, description: "Version of the dispatcher snapshot: on an edge the one it dispatches from; on a silo the sum of its sets' versions.");
        meter.CreateObservableGauge("orleanslb.grain.activations", ObserveActivations, "{activation}", "Grains active on this silo, by grain type.");
        meter.CreateObservableGauge("orleanslb.cluster.members", ObserveMembers, "{member}", "Cluster members as this node sees them, by status (unreachable instead of the status for members the failure detector lost) and role.");
    }

    /// <summary>Sends the grain tier's selection times of <paramref name="system"/> here.</summary>
    public void Attach(ActorSystem system) => GrainTierView.Get(system).Attach(this);

    /// <summary>A selection that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) has ended.</summary>
    public void SelectionTimed(DispatcherAlgorithm algorithm, long startTimestamp) =>
        _selection.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("algorithm", MetricLabels.Algorithm(algorithm)));

    public void Prepare()
    {
    }

    private static KeyValuePair<string, object?> Set(DestinationSet set) => new("set", MetricLabels.SetId(set.SetId));

    private static KeyValuePair<string, object?> Duid(Destination destination) => new("duid", destination.Key);

    private DispatcherView? DestinationView()
    {
        foreach (var source in _sources)
        {
            if (source.View is { } view)
            {
                return view;
            }
        }

        return null;
    }

    private IEnumerable<Measurement<int>> ObservePerDestination(Func<DispatcherView, Destination, int?> value)
    {
        if (DestinationView() is not { } view)
        {
            yield break;
        }

        foreach (var set in view.Snapshot.Sets)
        {
            foreach (var destination in set.Destinations)
            {
                if (value(view, destination) is { } v)
                {
                    yield return new Measurement<int>(v, Set(set), Duid(destination));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveUp() => ObservePerDestination(static (_, d) => d.IsSelectable ? 1 : 0);

    private IEnumerable<Measurement<int>> ObserveMaxLoad() => ObservePerDestination(static (_, d) => d.Attributes.MaxLoad);

    private IEnumerable<Measurement<int>> ObserveActiveCalls()
    {
        if (DestinationView() is not { CountsCalls: true } view)
        {
            yield break;
        }

        foreach (var set in view.Snapshot.Sets)
        {
            foreach (var destination in set.Destinations)
            {
                yield return new Measurement<int>(view.Calls?.GetLoad(set.SetId, destination.Key) ?? 0, Set(set), Duid(destination));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveState()
    {
        if (DestinationView() is not { } view)
        {
            yield break;
        }

        foreach (var set in view.Snapshot.Sets)
        {
            foreach (var destination in set.Destinations)
            {
                var current = MetricLabels.State(destination.Flags);
                foreach (var state in MetricLabels.States)
                {
                    yield return new Measurement<int>(ReferenceEquals(state, current) ? 1 : 0, Set(set), Duid(destination), new("state", state));
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveVersion()
    {
        var view = _sources.Where(s => s.IsEdge).Select(s => s.View).FirstOrDefault(v => v is not null) ?? DestinationView();
        return view is null ? [] : [new Measurement<long>(view.Snapshot.Version)];
    }

    private IEnumerable<Measurement<int>> ObserveActivations()
    {
        var grains = _sources.Select(s => s.Grains).FirstOrDefault(g => g is { HostsDirectory: true });
        return grains is null
            ? []
            : MetricLabels.GrainTypes.Select(t => new Measurement<int>(grains.Activations(t), new KeyValuePair<string, object?>("grain", MetricLabels.Grain(t))));
    }

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        var node = _sources.Select(s => s.Node).FirstOrDefault(n => n is not null);
        if (node is null)
        {
            return [];
        }

        var state = node.Cluster.State;
        var unreachable = state.Unreachable;
        var counts = new Dictionary<(string Status, string Role), int>();
        foreach (var status in Statuses.Select(s => s.Name).Append("unreachable"))
        {
            foreach (var role in Roles)
            {
                counts[(status, role)] = 0;
            }
        }

        foreach (var member in state.Members)
        {
            var status = unreachable.Contains(member) ? "unreachable" : Array.Find(Statuses, s => s.Status == member.Status).Name;
            foreach (var role in Roles)
            {
                if (status is not null && member.HasRole(role))
                {
                    counts[(status, role)]++;
                }
            }
        }

        return counts.Select(c => new Measurement<int>(c.Value, new("status", c.Key.Status), new("role", c.Key.Role)));
    }
}
