namespace OrleansLB.Grains.Storage;

/// <summary>The store contract on SQLite: a file in a fresh temporary directory per test, deleted afterwards.</summary>
public sealed class SqliteDispatcherStoreTests : DispatcherStoreTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanslb-tests", Guid.NewGuid().ToString("N"));

    private string DatabaseFile => Path.Combine(_directory, "data", "orleanslb.db");

    [Fact]
    public async Task MigrateAsync_DirectoryMissing_CreatesItAndTheFile()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(DatabaseFile)));

        await NewStore().MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(DatabaseFile));
    }

    private protected override Task<StorageOptions> CreateDatabaseAsync() =>
        Task.FromResult(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,

            // Unpooled, so no handle outlives the test and the directory can go.
            ConnectionString = $"Data Source={DatabaseFile};Pooling=False",
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
