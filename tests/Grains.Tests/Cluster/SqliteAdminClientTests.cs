using OrleansLB.Grains.Storage;
using Xunit.Abstractions;

namespace OrleansLB.Grains.Cluster;

/// <summary>Administrative commands on an SQLite file in a fresh temporary directory per test.</summary>
public sealed class SqliteAdminClientTests(ITestOutputHelper output) : AdminClientTests(output)
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanslb-tests", Guid.NewGuid().ToString("N"));

    private protected override Task<StorageOptions> CreateDatabaseAsync() =>
        Task.FromResult(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,

            // Unpooled, so no handle outlives the test and the directory can go.
            ConnectionString = $"Data Source={Path.Combine(_directory, "orleanslb.db")};Pooling=False",
        });

    private protected override Task DropDatabaseAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
