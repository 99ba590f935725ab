using System.Diagnostics;
using OrleansLB.Grains.Actors;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;
using Xunit.Abstractions;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Administrative commands end to end, once per storage engine (<see cref="SqliteAdminClientTests"/>,
/// <see cref="PostgreSqlAdminClientTests"/>): a silo node with two edges' dispatcher states, a
/// second node (role edge) whose <see cref="AdminClient"/> sends the commands over the wire, and
/// a restart of everything on the same store.
/// </summary>
public abstract class AdminClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Actor = "alice";

    private const string List = """
        1 sip:127.0.0.1:5071 8 0 duid=ast1;weight=50
        1 sip:127.0.0.1:5072 0 0 duid=ast2;weight=50
        2 sip:127.0.0.1:5073 0 0 duid=ast3
        """;

    private readonly string _listFile = Path.Combine(Path.GetTempPath(), $"admin-{Guid.NewGuid():N}.list");
    private StorageOptions? _options;

    private protected StorageOptions Options => _options ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_listFile, List);
        _options = await CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        File.Delete(_listFile);
        await DropDatabaseAsync();
    }

    [Fact]
    public async Task SetStateAsync_Disabled_OtherEdgeSeesItWithin1sAndItSurvivesRestart()
    {
        await using (var cluster = await StartAsync(withList: true))
        {
            var watch = Stopwatch.StartNew();
            var result = await cluster.Admin.SetStateAsync(1, "AST2", "d", Actor);
            await WaitAsync(() => StateOf(cluster.SiloEdge, 1, "ast2") == DestinationFlags.Disabled, TimeSpan.FromSeconds(5));
            var otherEdge = watch.Elapsed;
            await WaitAsync(() => StateOf(cluster.Edge, 1, "ast2") == DestinationFlags.Disabled, TimeSpan.FromSeconds(5));
            var sendingEdge = watch.Elapsed;
            output.WriteLine($"set_state d seen by the other edge in {otherEdge.TotalMilliseconds:F1} ms, by the sending edge in {sendingEdge.TotalMilliseconds:F1} ms");

            Assert.Equal(AdminResult.Ok(1), result);
            Assert.InRange(otherEdge, TimeSpan.Zero, TimeSpan.FromSeconds(1));
            Assert.InRange(sendingEdge, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }

        await using (var restarted = await StartAsync(withList: true))
        {
            Assert.Equal(DestinationFlags.Disabled, StateOf(restarted.Edge, 1, "ast2"));
            Assert.Equal(DestinationFlags.Probing, StateOf(restarted.Edge, 1, "ast1"));
        }

        await using var fromStore = await StartAsync(withList: false);
        Assert.Equal(DestinationFlags.Disabled, StateOf(fromStore.Edge, 1, "ast2"));
    }

    [Fact]
    public async Task SetStateAsync_BadInput_AnswersWhyAndChangesNothing()
    {
        await using var cluster = await StartAsync(withList: true);

        var badState = await cluster.Admin.SetStateAsync(1, "ast1", "x", Actor);
        var unknownSet = await cluster.Admin.SetStateAsync(9, "ast1", "d", Actor);
        var unknownDestination = await cluster.Admin.SetStateAsync(1, "ast9", "d", Actor);

        Assert.False(badState.Succeeded);
        Assert.Contains("'x'", badState.Error, StringComparison.Ordinal);
        Assert.Equal(AdminResult.Failed("Unknown set 9."), unknownSet);
        Assert.Equal(AdminResult.Failed("Set 1 has no destination 'ast9'."), unknownDestination);
        Assert.Empty((await cluster.Store.LoadAsync(CancellationToken.None)).AdminStates);
    }

    [Fact]
    public async Task SetStateAsync_All_SetsEveryDestinationOfTheSet()
    {
        await using var cluster = await StartAsync(withList: true);

        var result = await cluster.Admin.SetStateAsync(1, AdminSetState.All, "ip", Actor);
        await WaitAsync(() => StateOf(cluster.SiloEdge, 1, "ast1") == (DestinationFlags.Inactive | DestinationFlags.Probing), TimeSpan.FromSeconds(5));

        Assert.Equal(AdminResult.Ok(2), result);
        Assert.Equal(DestinationFlags.Inactive | DestinationFlags.Probing, StateOf(cluster.SiloEdge, 1, "ast2"));
        Assert.Equal(DestinationFlags.None, StateOf(cluster.SiloEdge, 2, "ast3"));
    }

    [Fact]
    public async Task AddAndRemoveAsync_Persisted_SurviveRestartFromTheStore()
    {
        await using (var cluster = await StartAsync(withList: true))
        {
            var added = await cluster.Admin.AddAsync(2, new Destination("sip:127.0.0.1:5074", DestinationFlags.None, 0, Attributes("duid=ast4")), Actor);
            var again = await cluster.Admin.AddAsync(2, new Destination("sip:127.0.0.1:5075", DestinationFlags.None, 0, Attributes("duid=AST4")), Actor);
            var removed = await cluster.Admin.RemoveAsync(1, "ast1", Actor);
            var missing = await cluster.Admin.RemoveAsync(1, "ast1", Actor);
            await WaitAsync(() => Keys(cluster.SiloEdge, 2).Contains("ast4") && !Keys(cluster.SiloEdge, 1).Contains("ast1"), TimeSpan.FromSeconds(5));

            Assert.Equal(AdminResult.Ok(1), added);
            Assert.False(again.Succeeded);
            Assert.Equal(AdminResult.Ok(1), removed);
            Assert.Equal(AdminResult.Failed("Set 1 has no destination 'ast1'."), missing);
        }

        await using var restarted = await StartAsync(withList: false);
        Assert.Equal(["ast3", "ast4"], Keys(restarted.Edge, 2).Order());
        Assert.Equal(["ast2"], Keys(restarted.Edge, 1));
    }

    [Fact]
    public async Task ReloadAsync_ChangedWeight_KeepsProbedDownStateAndLatency()
    {
        await using var cluster = await StartAsync(withList: true);
        await cluster.SiloEdge.ReportHealthAsync(new ProbeReplied("ast1", 200, TimeSpan.FromMilliseconds(40)));
        await WaitAsync(() => LatencyOf(cluster.SiloEdge, "ast1").Count > 0, TimeSpan.FromSeconds(5));
        await cluster.SiloEdge.ReportHealthAsync(new ProbeTimedOut("ast1"));
        await WaitAsync(() => (StateOf(cluster.SiloEdge, 1, "ast1") & DestinationFlags.Inactive) != 0, TimeSpan.FromSeconds(5));
        var latency = LatencyOf(cluster.SiloEdge, "ast1");
        var version = cluster.SiloEdge.Snapshot;
        await File.WriteAllTextAsync(_listFile, List.Replace("duid=ast1;weight=50", "duid=ast1;weight=80", StringComparison.Ordinal));

        var result = await cluster.Admin.ReloadAsync(Actor);
        await WaitAsync(() => Entry(cluster.SiloEdge, 1, "ast1").Attributes.Weight == 80, TimeSpan.FromSeconds(5));

        Assert.True(result.Succeeded, result.Error);
        var entry = Entry(cluster.SiloEdge, 1, "ast1");
        Assert.NotEqual(0, (int)(entry.Flags & DestinationFlags.Inactive));
        Assert.Equal(latency, entry.Latency);
        Assert.Equal(80, Assert.Single((await cluster.Store.LoadAsync(CancellationToken.None)).Snapshot.Sets, s => s.SetId == 1)
            .Destinations.Single(d => d.Key == "ast1").Attributes.Weight);
        Assert.NotSame(version, cluster.SiloEdge.Snapshot);
    }

    private protected abstract Task<StorageOptions> CreateDatabaseAsync();

    private protected abstract Task DropDatabaseAsync();

    private async Task<RunningCluster> StartAsync(bool withList)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var store = await AdoNetDispatcherStore.OpenAsync(Options, TimeProvider.System, timeout.Token);
        var list = DispatcherListReader.ReadFile(_listFile, DispatcherListLoadMode.Strict);
        Assert.True(list.Succeeded);
        var persistence = new DispatcherPersistence(store, withList ? _listFile : null);
        var seed = await persistence.LoadAtStartAsync(withList ? list.Snapshot : null, timeout.Token);

        var siloOptions = new ClusterOptions { Roles = [ClusterOptions.SiloRole, ClusterOptions.EdgeRole], GrainTimeout = TimeSpan.FromSeconds(5) };
        var silo = await ClusterNode.StartAsync(siloOptions, timeout.Token);
        GrainTier.StartSilo(silo.System, seed, new DispatcherOptions(), TimeProvider.System, persistence);
        var edgeOptions = siloOptions with { SeedNodes = [silo.Address.ToString()], Roles = [ClusterOptions.EdgeRole] };
        var edge = await ClusterNode.StartAsync(edgeOptions, timeout.Token);
        var callLoad = new DispatcherOptions().CallLoad;
        var siloEdge = await ClusterDispatcherState.StartAsync(silo.System, siloOptions, callLoad, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
        var edgeState = await ClusterDispatcherState.StartAsync(silo.System, siloOptions, callLoad, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
        return new RunningCluster(silo, edge, siloEdge, edgeState, AdminClient.Create(edge.System), store);
    }

    private static DestinationAttributes Attributes(string text)
    {
        Assert.True(DestinationAttributes.TryParse(text, out var attributes, out var error), error);
        return attributes;
    }

    private static Destination Entry(ClusterDispatcherState edge, int setId, string key)
    {
        Assert.True(edge.Snapshot.TryGetSet(setId, out var set));
        return set[set.IndexOf(key)];
    }

    private static DestinationFlags StateOf(ClusterDispatcherState edge, int setId, string key) =>
        edge.Snapshot.TryGetSet(setId, out var set) && set.IndexOf(key) >= 0
            ? set[set.IndexOf(key)].Flags & DestinationFlagsExtensions.StateMask
            : (DestinationFlags)(-1);

    private static LatencyStats LatencyOf(ClusterDispatcherState edge, string key) => Entry(edge, 1, key).Latency;

    private static string[] Keys(ClusterDispatcherState edge, int setId) =>
        edge.Snapshot.TryGetSet(setId, out var set) ? [.. set.Destinations.Select(d => d.Key)] : [];

    private static async Task WaitAsync(Func<bool> condition, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < deadline, "condition not met before the deadline");
            await Task.Delay(1);
        }
    }

    private sealed record RunningCluster(
        ClusterNode Silo,
        ClusterNode EdgeNode,
        ClusterDispatcherState SiloEdge,
        ClusterDispatcherState Edge,
        AdminClient Admin,
        IDispatcherStore Store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await EdgeNode.DisposeAsync();
            await Silo.DisposeAsync();
        }
    }
}
