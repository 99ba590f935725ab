namespace OrleansLB.Grains.Storage;

/// <summary>The store contract on a real PostgreSQL server, one throw-away database per test.</summary>
public sealed class PostgreSqlDispatcherStoreTests : DispatcherStoreTests
{
    public const string EnvironmentVariable = PostgreSqlTestDatabase.EnvironmentVariable;

    private readonly PostgreSqlTestDatabase _database = new();

    private protected override Task<StorageOptions> CreateDatabaseAsync() => _database.CreateAsync("store");

    private protected override Task DropDatabaseAsync() => _database.DropAsync();
}
