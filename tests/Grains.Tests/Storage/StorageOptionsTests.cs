namespace OrleansLB.Grains.Storage;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Validate_Defaults_SqliteUnderDataAndNoProblem()
    {
        var options = new StorageOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((StorageProvider.Sqlite, "Data Source=./data/orleanslb.db"), (options.Provider, options.ConnectionString));
    }

    [Fact]
    public void Validate_PostgreSqlConnectionString_NoProblem() =>
        Assert.Empty(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = "Host=db;Database=orleanslb;Username=orleanslb;Password=secret",
        }.Validate());

    [Theory]
    [InlineData(0, "", "Storage:ConnectionString: give an SQLite connection string")]
    [InlineData(1, " ", "Storage:ConnectionString: give a PostgreSQL connection string")]
    [InlineData(0, "Host=db;Database=orleanslb", "Storage:ConnectionString: not a valid Sqlite connection string")]
    [InlineData(1, "Database=orleanslb", "Storage:ConnectionString: 'Host' is missing")]
    [InlineData(0, "Cache=Shared", "Storage:ConnectionString: 'Data Source' is missing")]
    [InlineData(7, "Data Source=x.db", "Storage:Provider: '7' is not one of Sqlite, PostgreSql")]
    public void Validate_Problem_NamedWithItsKey(int provider, string connectionString, string expected)
    {
        var problems = new StorageOptions { Provider = (StorageProvider)provider, ConnectionString = connectionString }.Validate();

        Assert.StartsWith(expected, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new AdoNetDispatcherStore(new StorageOptions { ConnectionString = "" }, TimeProvider.System));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
