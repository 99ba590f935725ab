using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// <see cref="IDispatcherStore"/> over ADO.NET, on SQLite or PostgreSQL: one body of portable
/// SQL, the few engine differences in an <see cref="ISqlDialect"/> (the model is Orleans' AdoNet
/// providers). A connection per call, from the provider's pool. Identity matching (duid or URI,
/// any case) is done here rather than in SQL, so both engines match alike.
/// </summary>
internal sealed class AdoNetDispatcherStore : IDispatcherStore
{
    private const string ReadSetsSql = """
        SELECT s.set_id, d.uri, d.flags, d.priority, d.attrs, d.description
        FROM dispatcher_sets s LEFT JOIN dispatcher_destinations d ON d.set_id = s.set_id
        ORDER BY s.set_id, d.position
        """;

    private const string InsertDestinationSql = """
        INSERT INTO dispatcher_destinations (set_id, position, uri, flags, priority, attrs, description, destination_key)
        VALUES (@set_id, @position, @uri, @flags, @priority, @attrs, @description, @destination_key)
        """;

    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _time;

    public AdoNetDispatcherStore(StorageOptions options, TimeProvider time)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _dialect = options.Provider == StorageProvider.Sqlite
            ? new SqliteDialect(options.ConnectionString)
            : new PostgreSqlDialect(options.ConnectionString);
        _time = time;
    }

    /// <summary>A store whose schema is current: what a node calls at start.</summary>
    public static async Task<AdoNetDispatcherStore> OpenAsync(StorageOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new AdoNetDispatcherStore(options, time);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        SchemaMigrator.MigrateAsync(_dialect, _time, cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<DispatcherStoreContents> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken);
        var configured = await ReadSetsAsync(transaction, cancellationToken);
        var states = await transaction.QueryAsync(
            "SELECT set_id, destination_key, state, updated_at, actor FROM dispatcher_admin_state ORDER BY set_id, destination_key",
            r => new AdminState(r.GetInt32(0), r.GetString(1), (DestinationFlags)r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4)),
            cancellationToken);
        var rules = await ReadRoutingRulesAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DispatcherStoreContents(DispatcherReconciler.ApplyAdminStates(configured, states), [.. states], rules);
    }

    public Task<DispatcherDiff> ReplaceSetsAsync(DispatcherSnapshot configured, string actor, CancellationToken cancellationToken) =>
        WriteAsync(actor, cancellationToken, async transaction =>
        {
            var diff = DispatcherReconciler.Compare(await ReadSetsAsync(transaction, cancellationToken), configured);
            await transaction.ExecuteAsync("DELETE FROM dispatcher_destinations", cancellationToken);
            await transaction.ExecuteAsync("DELETE FROM dispatcher_sets", cancellationToken);
            foreach (var set in configured.Sets)
            {
                await transaction.ExecuteAsync("INSERT INTO dispatcher_sets (set_id) VALUES (@set_id)", cancellationToken, ("set_id", set.SetId));
                var position = 0;
                foreach (var destination in set.InWrittenOrder())
                {
                    await InsertDestinationAsync(transaction, set.SetId, position++, destination, cancellationToken);
                }
            }

            await transaction.ExecuteAsync(
                """
                DELETE FROM dispatcher_admin_state WHERE NOT EXISTS (
                    SELECT 1 FROM dispatcher_destinations d
                    WHERE d.set_id = dispatcher_admin_state.set_id AND d.destination_key = dispatcher_admin_state.destination_key)
                """,
                cancellationToken);
            return (diff, $"replace sets: {diff}");
        });

    public Task<bool> AddDestinationAsync(int setId, Destination destination, string actor, CancellationToken cancellationToken) =>
        WriteAsync(actor, cancellationToken, async transaction =>
        {
            var rows = await ReadIdentitiesAsync(transaction, setId, cancellationToken);
            if (rows.Any(r => r.Key == Identity(destination.Key)))
            {
                return (false, (string?)null);
            }

            await transaction.ExecuteAsync(
                "INSERT INTO dispatcher_sets (set_id) VALUES (@set_id) ON CONFLICT (set_id) DO NOTHING", cancellationToken, ("set_id", setId));
            var position = rows.Count == 0 ? 0 : rows.Max(r => r.Position) + 1;
            await InsertDestinationAsync(transaction, setId, position, destination, cancellationToken);
            return (true, Invariant($"add set {setId} {destination.Uri} flags {(int)destination.Flags} priority {destination.Priority} attrs '{destination.Attributes}'"));
        });

    public Task<int> RemoveDestinationAsync(int setId, string destinationKey, string actor, CancellationToken cancellationToken) =>
        WriteAsync(actor, cancellationToken, async transaction =>
        {
            var rows = await ReadIdentitiesAsync(transaction, setId, cancellationToken);
            var removed = rows.Where(r => r.Matches(destinationKey)).ToList();
            if (removed.Count == 0)
            {
                return (0, (string?)null);
            }

            foreach (var row in removed)
            {
                await transaction.ExecuteAsync("DELETE FROM dispatcher_destinations WHERE id = @id", cancellationToken, ("id", row.Id));
            }

            var remaining = rows.Except(removed).ToList();
            foreach (var key in removed.Select(r => r.Key).Distinct().Where(k => !remaining.Any(r => r.Key == k)))
            {
                await transaction.ExecuteAsync(
                    "DELETE FROM dispatcher_admin_state WHERE set_id = @set_id AND destination_key = @key", cancellationToken, ("set_id", setId), ("key", key));
            }

            if (remaining.Count == 0)
            {
                await transaction.ExecuteAsync("DELETE FROM dispatcher_sets WHERE set_id = @set_id", cancellationToken, ("set_id", setId));
            }

            return (removed.Count, Invariant($"remove set {setId} {destinationKey} ({removed.Count} destinations)"));
        });

    public Task<int> RecordAdminStateAsync(AdminStateChange change, string actor, CancellationToken cancellationToken)
    {
        if ((change.State & ~DestinationFlagsExtensions.StateMask) != 0)
        {
            throw new ArgumentException(
                $"State {(int)change.State} has bits other than inactive (1), trying (2), disabled (4) and probing (8).", nameof(change));
        }

        return WriteAsync(actor, cancellationToken, async transaction =>
        {
            var rows = await ReadIdentitiesAsync(transaction, change.SetId, cancellationToken);
            var matched = change.IsAll ? rows : rows.Where(r => r.Matches(change.DestinationKey!)).ToList();
            if (matched.Count == 0)
            {
                return (0, (string?)null);
            }

            foreach (var key in matched.Select(r => r.Key).Distinct())
            {
                await transaction.ExecuteAsync(
                    """
                    INSERT INTO dispatcher_admin_state (set_id, destination_key, state, updated_at, actor)
                    VALUES (@set_id, @key, @state, @at, @actor)
                    ON CONFLICT (set_id, destination_key) DO UPDATE
                    SET state = excluded.state, updated_at = excluded.updated_at, actor = excluded.actor
                    """,
                    cancellationToken,
                    ("set_id", change.SetId),
                    ("key", key),
                    ("state", (int)change.State),
                    ("at", _time.GetUtcNow()),
                    ("actor", actor));
            }

            return (matched.Count, Invariant(
                $"set_state {StateWord(change.State)} ({(int)change.State}) set {change.SetId} {change.DestinationKey ?? "all"} ({matched.Count} destinations)"));
        });
    }

    public Task SaveRoutingRuleAsync(RoutingRuleRecord rule, string actor, CancellationToken cancellationToken)
    {
        CheckRule(rule);
        return WriteAsync(actor, cancellationToken, async transaction =>
        {
            var updated = await transaction.ExecuteAsync(
                "UPDATE routing_rules SET json = @json, updated_at = @at WHERE name = @name",
                cancellationToken,
                ("json", rule.Json),
                ("at", _time.GetUtcNow()),
                ("name", rule.Name));
            if (updated == 0)
            {
                var last = await transaction.ScalarAsync("SELECT MAX(position) FROM routing_rules", cancellationToken);
                await InsertRuleAsync(transaction, rule, last is null ? 0 : Convert.ToInt32(last, CultureInfo.InvariantCulture) + 1, cancellationToken);
            }

            return (true, $"save routing rule '{rule.Name}'");
        });
    }

    public Task ReplaceRoutingRulesAsync(IReadOnlyList<RoutingRuleRecord> rules, string actor, CancellationToken cancellationToken)
    {
        foreach (var rule in rules)
        {
            CheckRule(rule);
        }

        if (rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Routing rule name '{duplicate.Key}' appears more than once; names are unique.", nameof(rules));
        }

        return WriteAsync(actor, cancellationToken, async transaction =>
        {
            await transaction.ExecuteAsync("DELETE FROM routing_rules", cancellationToken);
            for (var i = 0; i < rules.Count; i++)
            {
                await InsertRuleAsync(transaction, rules[i], i, cancellationToken);
            }

            return (true, Invariant($"replace routing rules ({rules.Count}: {string.Join(", ", rules.Select(r => r.Name))})"));
        });
    }

    public Task<bool> DeleteRoutingRuleAsync(string name, string actor, CancellationToken cancellationToken) =>
        WriteAsync(actor, cancellationToken, async transaction =>
            await transaction.ExecuteAsync("DELETE FROM routing_rules WHERE name = @name", cancellationToken, ("name", name)) > 0
                ? (true, $"delete routing rule '{name}'")
                : (false, (string?)null));

    public async Task<ImmutableArray<RoutingRuleRecord>> ListRoutingRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken);
        return await ReadRoutingRulesAsync(transaction, cancellationToken);
    }

    public async Task<ImmutableArray<AdminAuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken);
        var entries = await transaction.QueryAsync(
            "SELECT id, occurred_at, actor, action FROM admin_audit ORDER BY id DESC LIMIT @limit",
            r => new AdminAuditEntry(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3)),
            cancellationToken,
            ("limit", limit));
        return [.. entries];
    }

    /// <summary>The stored form of an identity: lower case, so equality in SQL is the model's case-insensitive equality.</summary>
    private static string Identity(string key) => key.ToLowerInvariant();

    /// <summary>The letters of Kamailio's <c>set_state</c> (<c>a</c>, <c>i</c>, <c>d</c>, <c>t</c>, then <c>p</c>), for the audit.</summary>
    private static string StateWord(DestinationFlags state) =>
        ((state & DestinationFlags.Inactive) != 0 ? "i"
            : (state & DestinationFlags.Disabled) != 0 ? "d"
            : (state & DestinationFlags.Trying) != 0 ? "t"
            : "a")
        + ((state & DestinationFlags.Probing) != 0 ? "p" : string.Empty);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void CheckRule(RoutingRuleRecord rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            throw new ArgumentException("A routing rule needs a name.", nameof(rule));
        }

        try
        {
            using var _ = JsonDocument.Parse(rule.Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Routing rule '{rule.Name}' is not valid JSON: {e.Message}", nameof(rule), e);
        }
    }

    private static async Task<DispatcherSnapshot> ReadSetsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = await transaction.QueryAsync(ReadSetsSql, ReadDestination, cancellationToken);
        return new DispatcherSnapshot(1, rows
            .GroupBy(r => r.SetId)
            .Select(g => DestinationSet.Create(g.Key, g.Where(r => r.Destination is not null).Select(r => r.Destination!))));
    }

    private static (int SetId, Destination? Destination) ReadDestination(DbDataReader reader)
    {
        var setId = reader.GetInt32(0);
        if (reader.IsDBNull(1))
        {
            return (setId, null);
        }

        var uri = reader.GetString(1);
        var attrs = reader.GetString(4);
        if (!DestinationAttributes.TryParse(attrs, out var attributes, out var error))
        {
            throw new InvalidDataException($"dispatcher_destinations: set {setId} {uri}: attrs '{attrs}' do not parse ({error}).");
        }

        return (setId, new Destination(
            uri, (DestinationFlags)reader.GetInt32(2), reader.GetInt32(3), attributes, reader.IsDBNull(5) ? null : reader.GetString(5)));
    }

    private static async Task<List<StoredIdentity>> ReadIdentitiesAsync(DbTransaction transaction, int setId, CancellationToken cancellationToken) =>
        await transaction.QueryAsync(
            "SELECT id, position, uri, destination_key FROM dispatcher_destinations WHERE set_id = @set_id ORDER BY position",
            r => new StoredIdentity(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3)),
            cancellationToken,
            ("set_id", setId));

    private static async Task<ImmutableArray<RoutingRuleRecord>> ReadRoutingRulesAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync(
            "SELECT name, json FROM routing_rules ORDER BY position",
            r => new RoutingRuleRecord(r.GetString(0), r.GetString(1)),
            cancellationToken)];

    private static Task<int> InsertDestinationAsync(
        DbTransaction transaction, int setId, int position, Destination destination, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            InsertDestinationSql,
            cancellationToken,
            ("set_id", setId),
            ("position", position),
            ("uri", destination.Uri),
            ("flags", (int)destination.Flags),
            ("priority", destination.Priority),
            ("attrs", destination.Attributes.ToString()),
            ("description", destination.Description),
            ("destination_key", Identity(destination.Key)));

    private Task<int> InsertRuleAsync(DbTransaction transaction, RoutingRuleRecord rule, int position, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "INSERT INTO routing_rules (name, position, json, updated_at) VALUES (@name, @position, @json, @at)",
            cancellationToken,
            ("name", rule.Name),
            ("position", position),
            ("json", rule.Json),
            ("at", _time.GetUtcNow()));

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a change under the write lock and, when it changed something (a non-null action), records it in the audit.</summary>
    private async Task<T> WriteAsync<T>(string actor, CancellationToken cancellationToken, Func<DbTransaction, Task<(T Result, string? Action)>> change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        var (result, action) = await change(transaction);
        if (action is not null)
        {
            await transaction.ExecuteAsync(
                "INSERT INTO admin_audit (occurred_at, actor, action) VALUES (@at, @actor, @action)",
                cancellationToken,
                ("at", _time.GetUtcNow()),
                ("actor", actor),
                ("action", action));
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A stored destination's row id, place and identity, for matching a duid or URI given by an operator.</summary>
    private sealed record StoredIdentity(long Id, int Position, string Uri, string Key)
    {
        public bool Matches(string key) =>
            Key == Identity(key) || string.Equals(Uri, key, StringComparison.OrdinalIgnoreCase);
    }
}
