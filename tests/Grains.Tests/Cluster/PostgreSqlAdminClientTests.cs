using Npgsql;
using OrleansLB.Grains.Storage;
using Xunit.Abstractions;

namespace OrleansLB.Grains.Cluster;

/// <summary>Administrative commands on PostgreSQL: a database with a random name per test, dropped afterwards.</summary>
public sealed class PostgreSqlAdminClientTests(ITestOutputHelper output) : AdminClientTests(output)
{
    private string? _adminConnectionString;
    private string? _database;

    private protected override async Task<StorageOptions> CreateDatabaseAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgreSqlDispatcherStoreTests.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{PostgreSqlDispatcherStoreTests.EnvironmentVariable} is not set; run scripts/test, which starts PostgreSQL and sets it.");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database ?? "orleanslb_test"}_admin_{Guid.NewGuid():N}";
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
