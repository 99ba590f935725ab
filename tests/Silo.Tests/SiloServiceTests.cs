using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo;

public sealed class SiloServiceTests : IDisposable
{
    private readonly string _list = Path.Combine(Path.GetTempPath(), $"silo-{Guid.NewGuid():N}.list");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "orleanslb-tests", $"silo-{Guid.NewGuid():N}");

    public SiloServiceTests() => File.WriteAllText(_list, """
        1 sip:10.0.0.11:5080 0 0 duid=ast1;maxload=2
        1 sip:10.0.0.12:5080 0 0 duid=ast2;maxload=2
        2 sip:10.0.0.13:5080 0 0 duid=ast3
        """);

    [Fact]
    public void Read_MissingListAndBadPort_ReportsBoth()
    {
        var problems = new List<string>();

        var settings = SiloSettings.Read(Configuration(("Dispatcher:ListFile", "/nonexistent.list"), ("Cluster:Port", "70000")), problems);

        Assert.Null(settings);
        Assert.Contains(problems, p => p.StartsWith("Cluster:Port:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dispatcher:ListFile:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EdgeRoleConfigured_AddsSiloOnce()
    {
        var settings = SiloSettings.Read(Configuration(("Dispatcher:ListFile", _list), ("Cluster:Roles:0", "edge")), []);

        Assert.NotNull(settings);
        Assert.Equal(["silo", "edge"], settings.Cluster.Roles.Order().Reverse());
        Assert.Equal([1, 2], settings.Seed!.Sets.Select(s => s.SetId));
    }

    [Fact]
    public void Read_BadStorageProvider_ReportsTheKey()
    {
        var problems = new List<string>();

        var settings = SiloSettings.Read(Configuration(("Dispatcher:ListFile", _list), ("Storage:Provider", "PostgreSql"), ("Storage:ConnectionString", "Database=x")), problems);

        Assert.Null(settings);
        Assert.Contains(problems, p => p.StartsWith("Storage:ConnectionString:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EmptyListFile_SeedsFromTheStoreAlone()
    {
        var settings = SiloSettings.Read(Configuration(("Dispatcher:ListFile", ""), Store), []);

        Assert.NotNull(settings);
        Assert.Null(settings.Seed);
    }

    [Fact]
    public async Task StartAsync_AdminStateStoredThenRestartWithoutList_StateAndSetsComeFromTheStore()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = new SiloService(SiloSettings.Read(Configuration(("Dispatcher:ListFile", _list), ("Cluster:Port", "0"), Store), [])!, TimeProvider.System, NullLogger<SiloService>.Instance);
        await first.StartAsync(timeout.Token);
        try
        {
            // The grain path of set_state is tested in Grains.Tests (AdminClientTests); here only what the store holds matters.
            var store = await AdoNetDispatcherStore.OpenAsync(first.Settings.Storage, TimeProvider.System, timeout.Token);
            Assert.Equal(1, await store.RecordAdminStateAsync(new AdminStateChange(1, "ast2", DestinationFlags.Disabled), "test", timeout.Token));
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
        }

        var second = new SiloService(SiloSettings.Read(Configuration(("Dispatcher:ListFile", ""), ("Cluster:Port", "0"), Store), [])!, TimeProvider.System, NullLogger<SiloService>.Instance);
        await second.StartAsync(timeout.Token);
        try
        {
            var edgeOptions = new ClusterOptions { SeedNodes = [second.Node!.Address.ToString()], Roles = [ClusterOptions.EdgeRole], GrainTimeout = TimeSpan.FromSeconds(5) };
            await using var edgeNode = await ClusterNode.StartAsync(edgeOptions, timeout.Token);
            var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, edgeOptions, CallLoadOptions.Default, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);

            Assert.Equal([1, 2], edge.Snapshot.Sets.Select(s => s.SetId));
            Assert.True(edge.Snapshot.TryGetSet(1, out var set));
            Assert.Equal(DestinationFlags.Disabled, set[set.IndexOf("ast2")].Flags & DestinationFlagsExtensions.StateMask);
            Assert.Equal(DestinationFlags.None, set[set.IndexOf("ast1")].Flags & DestinationFlagsExtensions.StateMask);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartAsync_EdgeOnAnotherNode_FetchesTheListAndSelects()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var settings = SiloSettings.Read(Configuration(("Dispatcher:ListFile", _list), ("Cluster:Port", "0"), Store), [])!;
        var silo = new SiloService(settings, TimeProvider.System, NullLogger<SiloService>.Instance);
        await silo.StartAsync(timeout.Token);
        try
        {
            var edgeOptions = new ClusterOptions { SeedNodes = [silo.Node!.Address.ToString()], Roles = [ClusterOptions.EdgeRole], GrainTimeout = TimeSpan.FromSeconds(5) };
            await using var edgeNode = await ClusterNode.StartAsync(edgeOptions, timeout.Token);

            var edge = await ClusterDispatcherState.StartAsync(edgeNode.System, edgeOptions, CallLoadOptions.Default, DispatcherSnapshot.Empty, TimeProvider.System, timeout.Token);
            var first = await edge.SelectByCallLoadAsync(1, "c1", 2, timeout.Token);

            Assert.Equal([1, 2], edge.Snapshot.Sets.Select(s => s.SetId));
            Assert.Equal(2, first.Destinations.Length);
            Assert.False(edge.IsDegraded);
        }
        finally
        {
            await silo.StopAsync(CancellationToken.None);
        }

        Assert.True(silo.Node!.System.WhenTerminated.IsCompleted);
    }

    // Unpooled, so no handle outlives the test and the directory can go.
    private (string Key, string Value) Store => ("Storage:ConnectionString", $"Data Source={Path.Combine(_data, "orleanslb.db")};Pooling=False");

    public void Dispose()
    {
        File.Delete(_list);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
