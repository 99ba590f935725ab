using System.Diagnostics;
using System.Globalization;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Local;

namespace OrleansLB.Benchmarks.GrainTier;

/// <summary>
/// The grain tier's figures (docs/grain-tier.md):
/// <c>dotnet run -c Release --project tests/Benchmarks -- grain-tier [--rounds 5] [--calls 20000] [--callers 64] [--silos 2] [--up 0]</c>,
/// and the memory in a process of its own: <c>… grain-tier --memory [--rounds 5] [--tracked 20000]</c>.
/// Every node is an actor system of its own in this process, talking Akka.Remote over loopback TCP,
/// as silos and edges in processes of their own do:
/// <list type="bullet">
/// <item>algorithm-10 selections per second from two edges at once (each followed by its call's end), over <c>--silos</c> silos, with <c>--up</c> other calls held up meanwhile;</item>
/// <item>the time one selection takes, in sequence, through the grain tier against the single-process
/// state: the difference is what the grain tier adds between an INVITE and its relay (the rest of the path is the same code);</item>
/// <item>memory per tracked call in the whole process of one silo (hosting the call-load grain: counts, deadlines, replica) and one edge.</item>
/// </list>
/// Each measurement runs <c>--rounds</c> times; medians are printed.
/// </summary>
internal static class GrainTierCommand
{
    private const int SetId = 1;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = 5;
        var calls = 20_000;
        var callers = 64;
        var tracked = 20_000;
        var silos = 2;
        var up = 0;
        var memory = args.Contains("--memory");
        args = [.. args.Where(a => a != "--memory")];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1].Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rounds": rounds = value; break;
                case "--calls": calls = value; break;
                case "--callers": callers = value; break;
                case "--tracked": tracked = value; break;
                case "--silos": silos = value; break;
                case "--up": up = value; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use --rounds N --calls N --callers N --silos N --up N, or --memory [--rounds N] [--tracked N]");
                    return 2;
            }
        }

        using var timeout = new CancellationTokenSource(Bound * (rounds + 2));
        var seed = new DispatcherSnapshot(1, [DestinationSet.Create(SetId, Enumerable.Range(0, 10).Select(i =>
            new Destination($"sip:10.0.0.{i + 1}:5060", DestinationFlags.None, 0, Attributes($"duid=gw{i};maxload=1000000"))))]);
        Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores; set of 10 destinations; {rounds} rounds");

        if (memory)
        {
            // One cluster in the process, so the heap holds only what it keeps.
            var bytes = new List<double>();
            await using var cluster = await Cluster.StartAsync(silos: 1, edges: 1, seed, timeout.Token);
            for (var round = 0; round < rounds; round++)
            {
                bytes.Add(await BytesPerTrackedCallAsync(cluster.Edges[0], $"m{round}", tracked, callers, timeout.Token));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory round {round + 1}: {bytes[^1]:N0} bytes per tracked call ({tracked:N0} calls){(cluster.Edges[0].IsDegraded ? "; the edge counted alone (the grain did not answer in time): not a grain-tier figure" : string.Empty)}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| memory per tracked call, grain-hosting silo and edge (median of {rounds}) | {Median(bytes):N0} bytes |"));
            return 0;
        }

        var local = new List<Latency>();
        var grain = new List<Latency>();
        var throughput = new List<double>();
        await using (var cluster = await Cluster.StartAsync(silos, edges: 2, seed, timeout.Token))
        {
            using var single = new LocalDispatcherState(seed, new DispatcherOptions(), TimeProvider.System);
            await SequentialAsync(single, "warm-local", 2_000, timeout.Token);
            await SequentialAsync(cluster.Edges[0], "warm-grain", 2_000, timeout.Token);
            await ConcurrentAsync(cluster.Edges, "warm-tp", 2_000, callers, timeout.Token);

            // Calls that stay up while everything is measured, as in a busy call centre: every
            // write then replicates a map that holds them.
            await SpreadAsync(callers, up, async (caller, i) => Check(await cluster.Edges[caller % 2].SelectByCallLoadAsync(SetId, $"up-{i}", 1, timeout.Token)), timeout.Token);
            for (var round = 0; round < rounds; round++)
            {
                local.Add(await SequentialAsync(single, $"local-{round}", calls / 4, timeout.Token));
                grain.Add(await SequentialAsync(cluster.Edges[0], $"grain-{round}", calls / 4, timeout.Token));
                throughput.Add(await ConcurrentAsync(cluster.Edges, $"tp-{round}", calls, callers, timeout.Token));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}: {throughput[^1]:N0} selections/s from 2 edges, {silos} silos; one selection: single process p50 {local[^1].P50:0.000} / p99 {local[^1].P99:0.000} ms, grain tier p50 {grain[^1].P50:0.000} / p99 {grain[^1].P99:0.000} ms"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| measure | median of rounds |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| algorithm-10 selections/s, {callers} callers over 2 edges, {silos} silos, {up:N0} other calls up | {Median(throughput):N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one selection, single process: p50 / p99 | {Median(local.Select(l => l.P50)):0.000} / {Median(local.Select(l => l.P99)):0.000} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one selection, grain tier (edge, {silos} silos): p50 / p99 | {Median(grain.Select(l => l.P50)):0.000} / {Median(grain.Select(l => l.P99)):0.000} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| added by the grain tier: p50 / p99 | {Median(grain.Select(l => l.P50)) - Median(local.Select(l => l.P50)):0.000} / {Median(grain.Select(l => l.P99)) - Median(local.Select(l => l.P99)):0.000} ms |"));
        return 0;
    }

    /// <summary>One caller: select, then end the call as the proxy does (queued), <paramref name="count"/> times; the selection is timed.</summary>
    private static async Task<Latency> SequentialAsync(IDispatcherState state, string prefix, int count, CancellationToken cancellationToken)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var selection = await state.SelectByCallLoadAsync(SetId, $"{prefix}-{i}", 1, cancellationToken);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Check(selection);
            state.ReportCall(new CallEnded($"{prefix}-{i}"));
        }

        Array.Sort(times);
        return new Latency(times[count / 2], times[Math.Min(count - 1, count * 99 / 100)]);
    }

    /// <summary><paramref name="callers"/> callers over the edges in turn, <paramref name="count"/> selections in all, each followed by its end.</summary>
    private static async Task<double> ConcurrentAsync(IReadOnlyList<IDispatcherState> edges, string prefix, int count, int callers, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await SpreadAsync(callers, count, async (caller, i) =>
        {
            var edge = edges[caller % edges.Count];
            Check(await edge.SelectByCallLoadAsync(SetId, $"{prefix}-{i}", 1, cancellationToken));
            edge.ReportCall(new CallEnded($"{prefix}-{i}"));
        }, cancellationToken);
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The managed heap of the whole process (the silo, the edge, their actor systems) before and after <paramref name="tracked"/> calls are up.</summary>
    private static async Task<double> BytesPerTrackedCallAsync(IDispatcherState edge, string prefix, int tracked, int callers, CancellationToken cancellationToken)
    {
        await SettleAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await SpreadAsync(callers, tracked, async (_, i) => Check(await edge.SelectByCallLoadAsync(SetId, CallId(i), 1, cancellationToken)), cancellationToken);
        await SettleAsync();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        // Ended again, so the next round starts from an empty grain.
        await SpreadAsync(callers, tracked, async (_, i) => await edge.ReportCallAsync(new CallEnded(CallId(i)), cancellationToken), cancellationToken);
        return (after - before) / (double)tracked;

        // As phones make them: a 36-character unique part and a host.
        string CallId(int i) => $"{prefix}-{i:D6}-0000-0000-0000-000000000000@10.1.{i / 250 % 250}.{i % 250}";

        // Pending writes and asks finish first, so only what stays is counted.
        Task SettleAsync() => Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
    }

    /// <summary>Calls 0 to <paramref name="count"/> - 1 shared by <paramref name="callers"/> concurrent callers, each making its calls one after another.</summary>
    private static Task SpreadAsync(int callers, int count, Func<int, int, Task> call, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < count; i += callers)
            {
                await call(caller, i);
            }
        }, cancellationToken)));

    private static void Check(CallLoadSelection selection)
    {
        if (selection.IsEmpty)
        {
            throw new InvalidOperationException("no destination selected: the grain tier refused a call it had room for");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static DestinationAttributes Attributes(string text) =>
        DestinationAttributes.TryParse(text, out var attributes, out var error) ? attributes : throw new InvalidOperationException(error);

    private readonly record struct Latency(double P50, double P99);

    /// <summary>Silos and edges, each an actor system of its own on loopback.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly List<ClusterNode> _nodes = [];

        public List<ClusterDispatcherState> Edges { get; } = [];

        public static async Task<Cluster> StartAsync(int silos, int edges, DispatcherSnapshot seed, CancellationToken cancellationToken)
        {
            var cluster = new Cluster();
            var options = new ClusterOptions { GrainTimeout = TimeSpan.FromSeconds(10) };
            var first = await ClusterNode.StartAsync(options, cancellationToken);
            cluster._nodes.Add(first);
            var joining = options with { SeedNodes = [first.Address.ToString()] };
            for (var i = 1; i < silos; i++)
            {
                cluster._nodes.Add(await ClusterNode.StartAsync(joining, cancellationToken));
            }

            foreach (var silo in cluster._nodes)
            {
                OrleansLB.Grains.Actors.GrainTier.StartSilo(silo.System, seed, new DispatcherOptions(), TimeProvider.System);
            }

            for (var i = 0; i < edges; i++)
            {
                var node = await ClusterNode.StartAsync(joining with { Roles = [ClusterOptions.EdgeRole] }, cancellationToken);
                cluster._nodes.Add(node);
                cluster.Edges.Add(await ClusterDispatcherState.StartAsync(node.System, joining, new DispatcherOptions().CallLoad, DispatcherSnapshot.Empty, TimeProvider.System, cancellationToken));
            }

            return cluster;
        }

        public async ValueTask DisposeAsync()
        {
            for (var i = _nodes.Count - 1; i >= 0; i--)
            {
                await _nodes[i].DisposeAsync();
            }
        }
    }
}
