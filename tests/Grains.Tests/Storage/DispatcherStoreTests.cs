using System.Globalization;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// The <see cref="IDispatcherStore"/> contract, run once per engine by the derived classes
/// (<see cref="SqliteDispatcherStoreTests"/>, <see cref="PostgreSqlDispatcherStoreTests"/>);
/// every test starts from an empty database of its own.
/// </summary>
public abstract class DispatcherStoreTests : IAsyncLifetime
{
    private const string Actor = "alice";

    private const string List = """
        1 sip:127.0.0.1:5071 0 0 duid=ast1;weight=50 Asterisk 1
        1 sip:127.0.0.1:5072 0 0 duid=ast2;weight=30 Asterisk 2
        1 sip:127.0.0.1:5073 32 5 duid=ast3;weight=20
        2 sip:127.0.0.1:5074 8 0
        """;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private StorageOptions? _options;

    private protected StorageOptions Options => _options ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync() => _options = await CreateDatabaseAsync();

    public Task DisposeAsync() => DropDatabaseAsync();

    public static TheoryData<string> Lists()
    {
        var lists = DispatcherListSamples.ValidFiles();
        lists.Add(File.ReadAllText(DispatcherListSamples.SampleFilePath()));
        return lists;
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryScriptAndRecordsItsVersion()
    {
        var applied = await NewStore().MigrateAsync(None);

        Assert.Equal(SchemaMigrations.All.Length, applied);
        Assert.Equal(SchemaMigrations.All.Length, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(SchemaMigrations.All[^1].Version, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        foreach (var table in new[] { "dispatcher_sets", "dispatcher_destinations", "dispatcher_admin_state", "routing_rules", "admin_audit" })
        {
            Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task MigrateAsync_RunAgainByANewStore_AppliesNothingAndKeepsData()
    {
        var first = await OpenStoreAsync();
        await first.ReplaceSetsAsync(Read(List), Actor, None);

        var again = await NewStore().MigrateAsync(None);

        Assert.Equal(0, again);
        Assert.Equal(SchemaMigrations.All.Length, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(4, await ScalarAsync("SELECT COUNT(*) FROM dispatcher_destinations"));
    }

    [Fact]
    public async Task MigrateAsync_FourStoresAtOnce_TheScriptsRunOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToList();

        var applied = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(None))));

        Assert.Equal(SchemaMigrations.All.Length, applied.Sum());
        Assert.Equal(SchemaMigrations.All.Length, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromANewerBuild_FailsNamingBothVersions()
    {
        await OpenStoreAsync();
        await ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', @at)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewStore().MigrateAsync(None));

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Contains(SchemaMigrations.All[^1].Version.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_NewDatabase_IsEmpty()
    {
        var contents = await (await OpenStoreAsync()).LoadAsync(None);

        Assert.Empty(contents.Snapshot.Sets);
        Assert.Empty(contents.AdminStates);
        Assert.Empty(contents.RoutingRules);
    }

    [Theory]
    [MemberData(nameof(Lists), MemberType = typeof(DispatcherStoreTests))]
    public async Task ReplaceSetsAsync_ThenLoad_GivesBackTheListAsRead(string list)
    {
        var configured = Read(list);
        var store = await OpenStoreAsync();

        await store.ReplaceSetsAsync(configured, Actor, None);
        var loaded = await NewStore().LoadAsync(None);

        SnapshotAssert.SameSets(configured, loaded.Snapshot);
        Assert.Equal(DispatcherListWriter.Write(configured), DispatcherListWriter.Write(loaded.Snapshot));
    }

    [Fact]
    public async Task ReplaceSetsAsync_SecondList_ReturnsTheDifferenceByIdentity()
    {
        var store = await OpenStoreAsync();
        var first = await store.ReplaceSetsAsync(Read(List), Actor, None);

        var second = await store.ReplaceSetsAsync(
            Read("""
                1 sip:127.0.0.1:5071 0 0 duid=ast1;weight=50 Asterisk 1
                1 sip:127.0.0.9:5072 0 0 duid=AST2;weight=30 Asterisk 2 moved
                1 sip:127.0.0.1:5076 0 0 duid=ast6
                3 sip:127.0.0.1:5077
                """),
            Actor,
            None);

        Assert.Equal(4, first.Added);
        Assert.Equal("set 1: +1 -1 ~1 =1; set 2: +0 -1 ~0 =0; set 3: +1 -0 ~0 =0", second.ToString());
        Assert.Equal(["ast6"], second.Sets[0].Added.ToArray());
        Assert.Equal(["ast3"], second.Sets[0].Removed.ToArray());
        Assert.Equal(["AST2"], second.Sets[0].Changed.ToArray());
        Assert.Equal([1, 3], (await store.LoadAsync(None)).Snapshot.Sets.Select(s => s.SetId));
    }

    [Fact]
    public async Task ReplaceSetsAsync_DestinationLeavesTheList_ItsAdminStateGoesAndOthersStay()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);
        await store.RecordAdminStateAsync(new AdminStateChange(1, "ast2", DestinationFlags.Disabled), Actor, None);
        await store.RecordAdminStateAsync(new AdminStateChange(1, "ast3", DestinationFlags.Disabled), Actor, None);

        await store.ReplaceSetsAsync(Read(List.Replace("1 sip:127.0.0.1:5073 32 5 duid=ast3;weight=20", string.Empty, StringComparison.Ordinal)), Actor, None);
        await store.ReplaceSetsAsync(Read(List), Actor, None);
        var loaded = await store.LoadAsync(None);

        Assert.Equal([(1, "ast2")], loaded.AdminStates.Select(s => (s.SetId, s.DestinationKey)));
        Assert.Equal(DestinationFlags.Disabled, Find(loaded.Snapshot, 1, "ast2").Flags);
        Assert.Equal(DestinationFlags.NoPing, Find(loaded.Snapshot, 1, "ast3").Flags);
    }

    [Fact]
    public async Task RecordAdminStateAsync_Disabled_SurvivesAReopenAndOverlaysTheConfiguredFlags()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        var matched = await store.RecordAdminStateAsync(new AdminStateChange(1, "ast3", DestinationFlags.Disabled), "bob", None);
        var loaded = await (await OpenStoreAsync()).LoadAsync(None);

        Assert.Equal(1, matched);
        Assert.Equal(DestinationFlags.Disabled | DestinationFlags.NoPing, Find(loaded.Snapshot, 1, "ast3").Flags);
        Assert.Equal(DestinationFlags.None, Find(loaded.Snapshot, 1, "ast1").Flags);
        var state = Assert.Single(loaded.AdminStates);
        Assert.Equal(new AdminState(1, "ast3", DestinationFlags.Disabled, _time.GetUtcNow(), "bob"), state);
    }

    [Fact]
    public async Task RecordAdminStateAsync_ByUri_IsKeptUnderTheDuidAndLaterStatesReplaceEarlierOnes()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        await store.RecordAdminStateAsync(new AdminStateChange(1, "SIP:127.0.0.1:5072", DestinationFlags.Disabled), Actor, None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.RecordAdminStateAsync(new AdminStateChange(1, "AST2", DestinationFlags.Inactive | DestinationFlags.Probing), "bob", None);
        var loaded = await store.LoadAsync(None);

        var state = Assert.Single(loaded.AdminStates);
        Assert.Equal(new AdminState(1, "ast2", DestinationFlags.Inactive | DestinationFlags.Probing, _time.GetUtcNow(), "bob"), state);
        Assert.Equal(DestinationFlags.Inactive | DestinationFlags.Probing, Find(loaded.Snapshot, 1, "ast2").Flags);
    }

    [Fact]
    public async Task RecordAdminStateAsync_Active_ClearsStateBitsTheListSet()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read("5 sip:10.0.0.1 36 0 duid=gw"), Actor, None);

        await store.RecordAdminStateAsync(new AdminStateChange(5, "gw", DestinationFlags.None), Actor, None);

        Assert.Equal(DestinationFlags.NoPing, Find((await store.LoadAsync(None)).Snapshot, 5, "gw").Flags);
    }

    [Fact]
    public async Task RecordAdminStateAsync_All_ReachesEveryDestinationOfThatSetOnly()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        var matched = await store.RecordAdminStateAsync(AdminStateChange.ForAll(1, DestinationFlags.Disabled), Actor, None);
        var loaded = await store.LoadAsync(None);

        Assert.Equal(3, matched);
        Assert.All(loaded.Snapshot.Sets[0].Destinations, d => Assert.True((d.Flags & DestinationFlags.Disabled) != 0));
        Assert.Equal(DestinationFlags.Probing, loaded.Snapshot.Sets[1][0].Flags);
    }

    [Fact]
    public async Task RecordAdminStateAsync_UnknownDestination_RecordsNothing()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        var matched = await store.RecordAdminStateAsync(new AdminStateChange(1, "ast9", DestinationFlags.Disabled), Actor, None);
        var unknownSet = await store.RecordAdminStateAsync(AdminStateChange.ForAll(7, DestinationFlags.Disabled), Actor, None);

        Assert.Equal(0, matched + unknownSet);
        Assert.Empty((await store.LoadAsync(None)).AdminStates);
        Assert.Single(await store.ListAuditAsync(10, None));
    }

    [Fact]
    public async Task RecordAdminStateAsync_BitsBeyondTheStates_AreRefused()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => store.RecordAdminStateAsync(new AdminStateChange(1, "ast1", DestinationFlags.NoPing), Actor, None));
    }

    [Fact]
    public async Task AddDestinationAsync_ToANewAndAnExistingSet_AppendsInWrittenOrderAndRefusesATakenIdentity()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        var added = await store.AddDestinationAsync(1, NewDestination("sip:127.0.0.1:5075", "duid=ast5", priority: 5), Actor, None);
        var newSet = await store.AddDestinationAsync(9, NewDestination("sip:127.0.0.1:5079", string.Empty), Actor, None);
        var taken = await store.AddDestinationAsync(1, NewDestination("sip:127.0.0.1:5099", "duid=AST1"), Actor, None);
        var loaded = (await NewStore().LoadAsync(None)).Snapshot;

        Assert.True(added);
        Assert.True(newSet);
        Assert.False(taken);
        Assert.Equal(["ast1", "ast2", "ast3", "ast5"], loaded.Sets[0].InWrittenOrder().Select(d => d.Key));

        // Kamailio order: priority 5 first, the later line (ast5) before ast3.
        Assert.Equal(["ast5", "ast3", "ast2", "ast1"], loaded.Sets[0].Destinations.Select(d => d.Key));
        Assert.Equal("sip:127.0.0.1:5079", Assert.Single(loaded.Sets[^1].Destinations).Uri);
    }

    [Fact]
    public async Task AddDestinationAsync_TenAtOnceFromTenStores_EveryOneGetsItsOwnPlace()
    {
        await OpenStoreAsync();

        var added = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            NewStore().AddDestinationAsync(4, NewDestination($"sip:10.0.0.{i}", $"duid=d{i}"), Actor, None))));
        var loaded = (await NewStore().LoadAsync(None)).Snapshot;

        Assert.All(added, Assert.True);
        Assert.Equal(10, loaded.Sets[0].Count);
        Assert.Equal(10, await ScalarAsync("SELECT COUNT(DISTINCT position) FROM dispatcher_destinations"));
    }

    [Fact]
    public async Task RemoveDestinationAsync_ByDuidOrUri_RemovesItWithItsAdminState()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);
        await store.RecordAdminStateAsync(new AdminStateChange(1, "ast2", DestinationFlags.Disabled), Actor, None);

        var byDuid = await store.RemoveDestinationAsync(1, "ast2", Actor, None);
        var byUri = await store.RemoveDestinationAsync(1, "sip:127.0.0.1:5071", Actor, None);
        var missing = await store.RemoveDestinationAsync(1, "ast2", Actor, None);
        var loaded = await store.LoadAsync(None);

        Assert.Equal((1, 1, 0), (byDuid, byUri, missing));
        Assert.Equal(["ast3"], loaded.Snapshot.Sets[0].Destinations.Select(d => d.Key));
        Assert.Empty(loaded.AdminStates);
    }

    [Fact]
    public async Task RemoveDestinationAsync_LastOfItsSet_RemovesTheSet()
    {
        var store = await OpenStoreAsync();
        await store.ReplaceSetsAsync(Read(List), Actor, None);

        await store.RemoveDestinationAsync(2, "sip:127.0.0.1:5074", Actor, None);

        Assert.Equal([1], (await store.LoadAsync(None)).Snapshot.Sets.Select(s => s.SetId));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM dispatcher_sets WHERE set_id = 2"));
    }

    [Fact]
    public async Task SaveRoutingRuleAsync_NewNamesGoLastAndAKnownNameKeepsItsPlace()
    {
        var store = await OpenStoreAsync();
        const string Spaced = """{ "match": { "to": "^\\+49" },   "set": 2, "z": 1, "a": [1, 2.50] }""";

        await store.SaveRoutingRuleAsync(new("germany", """{"set":1}"""), Actor, None);
        await store.SaveRoutingRuleAsync(new("default", """{"set":9}"""), Actor, None);
        await store.SaveRoutingRuleAsync(new("germany", Spaced), Actor, None);
        var rules = await NewStore().ListRoutingRulesAsync(None);

        // The JSON is opaque here: kept character for character, key order and spacing included.
        Assert.Equal([new("germany", Spaced), new RoutingRuleRecord("default", """{"set":9}""")], rules.ToArray());
        Assert.Equal(rules.ToArray(), (await store.LoadAsync(None)).RoutingRules.ToArray());
    }

    [Fact]
    public async Task ReplaceRoutingRulesAsync_ThenDelete_ListsTheRestInOrder()
    {
        var store = await OpenStoreAsync();
        await store.SaveRoutingRuleAsync(new("old", "{}"), Actor, None);

        await store.ReplaceRoutingRulesAsync([new("c", "[3]"), new("a", "[1]"), new("b", "[2]")], Actor, None);
        var deleted = await store.DeleteRoutingRuleAsync("a", Actor, None);
        var again = await store.DeleteRoutingRuleAsync("a", Actor, None);

        Assert.True(deleted);
        Assert.False(again);
        Assert.Equal(["c", "b"], (await store.ListRoutingRulesAsync(None)).Select(r => r.Name));
    }

    [Fact]
    public async Task RoutingRules_InvalidJsonOrDuplicateNames_AreRefusedAndNothingChanges()
    {
        var store = await OpenStoreAsync();
        await store.SaveRoutingRuleAsync(new("keep", "{}"), Actor, None);

        var json = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveRoutingRuleAsync(new("bad", "{set: 1"), Actor, None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceRoutingRulesAsync([new("x", "1"), new("x", "2")], Actor, None));

        Assert.Contains("'bad'", json.Message, StringComparison.Ordinal);
        Assert.Equal([new RoutingRuleRecord("keep", "{}")], (await store.ListRoutingRulesAsync(None)).ToArray());
    }

    [Fact]
    public async Task ListAuditAsync_EveryChange_OneRowWithWhoWhenAndWhatNewestFirst()
    {
        var store = await OpenStoreAsync();
        var start = _time.GetUtcNow();

        await store.ReplaceSetsAsync(Read(List), "list-file", None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.AddDestinationAsync(1, NewDestination("sip:127.0.0.1:5075", "duid=ast5"), "alice", None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.RecordAdminStateAsync(new AdminStateChange(1, "ast5", DestinationFlags.Disabled), "bob", None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.RemoveDestinationAsync(1, "ast5", "carol", None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.SaveRoutingRuleAsync(new("r", "{}"), "dave", None);
        var audit = await store.ListAuditAsync(10, None);

        Assert.Equal(["dave", "carol", "bob", "alice", "list-file"], audit.Select(a => a.Actor));
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(s => start.AddSeconds(s)), audit.Select(a => a.At));
        Assert.Equal(
            [
                "save routing rule 'r'",
                "remove set 1 ast5 (1 destinations)",
                "set_state d (4) set 1 ast5 (1 destinations)",
                "add set 1 sip:127.0.0.1:5075 flags 0 priority 0 attrs 'duid=ast5'",
                "replace sets: set 1: +3 -0 ~0 =0; set 2: +1 -0 ~0 =0",
            ],
            audit.Select(a => a.Action));
        Assert.Equal(["dave", "carol"], (await store.ListAuditAsync(2, None)).Select(a => a.Actor));
    }

    [Fact]
    public async Task Changes_WithoutAnActor_AreRefused()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceSetsAsync(Read(List), " ", None));
        Assert.Empty((await store.LoadAsync(None)).Snapshot.Sets);
    }

    private protected abstract Task<StorageOptions> CreateDatabaseAsync();

    private protected abstract Task DropDatabaseAsync();

    private protected AdoNetDispatcherStore NewStore() => new(Options, _time);

    private static DispatcherSnapshot Read(string list)
    {
        var result = DispatcherListReader.Read(list, "dispatcher.list", DispatcherListLoadMode.Strict);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Snapshot;
    }

    private static Destination NewDestination(string uri, string attrs, int priority = 0)
    {
        Assert.True(DestinationAttributes.TryParse(attrs, out var attributes, out _));
        return new Destination(uri, DestinationFlags.None, priority, attributes);
    }

    private static Destination Find(DispatcherSnapshot snapshot, int setId, string key)
    {
        Assert.True(snapshot.TryGetSet(setId, out var set));
        return set[set.IndexOf(key)];
    }

    private async Task<AdoNetDispatcherStore> OpenStoreAsync() => await AdoNetDispatcherStore.OpenAsync(Options, _time, None);

    private async Task<long> ScalarAsync(string sql) =>
        Convert.ToInt64(await RunAsync(t => t.ScalarAsync(sql, None)), CultureInfo.InvariantCulture);

    private Task ExecuteAsync(string sql) => RunAsync(async t => (object?)await t.ExecuteAsync(sql, None, ("at", _time.GetUtcNow())));

    private async Task<object?> RunAsync(Func<System.Data.Common.DbTransaction, Task<object?>> work)
    {
        ISqlDialect dialect = Options.Provider == StorageProvider.Sqlite
            ? new SqliteDialect(Options.ConnectionString)
            : new PostgreSqlDialect(Options.ConnectionString);
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await dialect.BeginWriteAsync(connection, None);
        var result = await work(transaction);
        await transaction.CommitAsync();
        return result;
    }
}
