using Npgsql;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// A PostgreSQL database with a random name on the test server, dropped afterwards, so test
/// classes run in parallel. The server comes from <c>scripts/test</c> (run by <c>.ci/run</c>),
/// which starts it and sets <see cref="EnvironmentVariable"/>.
/// </summary>
internal sealed class PostgreSqlTestDatabase
{
    public const string EnvironmentVariable = "ORLEANSLB_TEST_POSTGRES";

    private string? _adminConnectionString;
    private string? _database;
    private string? _connectionString;

    public async Task<StorageOptions> CreateAsync(string label)
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL tests have no server. Run scripts/test (or .ci/run), which starts "
                + $"PostgreSQL and sets it, or start one yourself and export {EnvironmentVariable}="
                + "'Host=127.0.0.1;Port=5432;Username=orleanslb;Password=orleanslb;Database=orleanslb_test' (a role with CREATEDB and pg_signal_backend).");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database ?? "orleanslb_test"}_{label}_{Guid.NewGuid():N}";
        _database = name[..Math.Min(name.Length, 63)];
        _adminConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await AdminAsync($"CREATE DATABASE \"{_database}\"");
        builder.Database = _database;
        _connectionString = builder.ConnectionString;
        return new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _connectionString };
    }

    public async Task DropAsync()
    {
        if (_database is null)
        {
            return;
        }

        // The database cannot be dropped while the test's pooled connections hold it.
        await using (var pooled = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // FORCE also ends an autovacuum worker in it, which needs pg_signal_backend (scripts/test grants it).
        await AdminAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
