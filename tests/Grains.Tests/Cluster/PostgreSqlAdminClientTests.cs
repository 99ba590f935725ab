using OrleansLB.Grains.Storage;
using Xunit.Abstractions;

namespace OrleansLB.Grains.Cluster;

/// <summary>Administrative commands on PostgreSQL: a database with a random name per test, dropped afterwards.</summary>
public sealed class PostgreSqlAdminClientTests(ITestOutputHelper output) : AdminClientTests(output)
{
    private readonly PostgreSqlTestDatabase _database = new();

    private protected override Task<StorageOptions> CreateDatabaseAsync() => _database.CreateAsync("admin");

    private protected override Task DropDatabaseAsync() => _database.DropAsync();
}
