using Npgsql;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// The store contract on a real PostgreSQL server: each test creates a database with a random
/// name and drops it afterwards, so test classes run in parallel. The server comes from
/// <c>.ci/run</c>, which starts it and sets <see cref="EnvironmentVariable"/>.
/// </summary>
public sealed class PostgreSqlDispatcherStoreTests : DispatcherStoreTests
{
    public const string EnvironmentVariable = "ORLEANSLB_TEST_POSTGRES";

    private string? _adminConnectionString;
    private string? _database;

    private protected override async Task<StorageOptions> CreateDatabaseAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL storage tests have no server. Run .ci/run, which installs and "
                + $"starts PostgreSQL and sets it, or start one yourself and export {EnvironmentVariable}="
                + "'Host=127.0.0.1;Port=5432;Username=orleanslb;Password=orleanslb;Database=orleanslb_test' (a role with CREATEDB).");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database ?? "orleanslb_test"}_{Guid.NewGuid():N}";
        _database = name[..Math.Min(name.Length, 63)];
        _adminConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await AdminAsync($"CREATE DATABASE \"{_database}\"");
        builder.Database = _database;
        return new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = builder.ConnectionString };
    }

    private protected override async Task DropDatabaseAsync()
    {
        if (_database is null)
        {
            return;
        }

        // The database cannot be dropped while this test's pooled connections hold it.
        await using (var pooled = new NpgsqlConnection(Options.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

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
