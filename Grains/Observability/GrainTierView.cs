using System.Diagnostics;
using Akka.Actor;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Observability;

/// <summary>
/// What the grain tier of one actor system shows its metrics: the grain directory publishes the
/// sets and its activations here, the call-load grain its call table and selection times. An Akka
/// extension, so there is one per actor system and actors find it without being given it.
/// Written by the actors, read by scrapes from any thread.
/// </summary>
internal sealed class GrainTierView : IExtension
{
    private readonly int[] _activations = new int[MetricLabels.GrainTypes.Max(t => (int)t) + 1];
    private DispatcherSnapshot? _sets;
    private CallLoadTracker? _calls;
    private GrainMetrics? _metrics;

    public static GrainTierView Get(ActorSystem system) => system.WithExtension<GrainTierView, GrainTierViewProvider>();

    /// <summary>The grain directory lives in this process.</summary>
    public bool HostsDirectory => Volatile.Read(ref _sets) is not null;

    /// <summary>The sets as the directory last published them, with the call-load grain's counts; null when the directory is elsewhere.</summary>
    public DispatcherView? View => Volatile.Read(ref _sets) is { } sets ? new DispatcherView(sets, CountsCalls: true, Volatile.Read(ref _calls)) : null;

    public int Activations(GrainType type) => Volatile.Read(ref _activations[(int)type]);

    /// <summary>Where selection times go (the silo's metrics); measurements before it is attached are not kept.</summary>
    public void Attach(GrainMetrics metrics) => Volatile.Write(ref _metrics, metrics);

    /// <summary>The directory started or a set changed: the sets it holds now. The version is the sum of the sets' versions, so it grows with every change.</summary>
    public void SetsChanged(IEnumerable<SetSnapshot> sets)
    {
        var all = sets.ToArray();
        Volatile.Write(ref _sets, new DispatcherSnapshot(all.Sum(s => s.Version), all.Select(s => s.Set)));
    }

    /// <summary>The directory stopped (its silo leaves): its grains went with it.</summary>
    public void DirectoryStopped()
    {
        Volatile.Write(ref _sets, null);
        for (var i = 0; i < _activations.Length; i++)
        {
            Volatile.Write(ref _activations[i], 0);
        }
    }

    public void Activated(GrainType type) => Interlocked.Increment(ref _activations[(int)type]);

    public void Deactivated(GrainType type) => Interlocked.Decrement(ref _activations[(int)type]);

    public void CallLoadStarted(CallLoadTracker calls) => Volatile.Write(ref _calls, calls);

    public void CallLoadStopped(CallLoadTracker calls) => Interlocked.CompareExchange(ref _calls, null, calls);

    /// <summary>A selection made by the grain tier, timed from <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void SelectionTimed(DispatcherAlgorithm algorithm, long startTimestamp) =>
        Volatile.Read(ref _metrics)?.SelectionTimed(algorithm, startTimestamp);
}
