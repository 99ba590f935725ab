using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite. The write lock is <c>BEGIN IMMEDIATE</c>, which takes
/// the database's reserved lock at once (a deferred transaction would take it at its first write
/// and could then fail instead of waiting); the provider retries a busy database until the
/// command timeout.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : ISqlDialect
{
    private readonly SqliteConnectionStringBuilder _builder = new(connectionString) { ForeignKeys = true };

    public string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    /// <summary>Microsoft.Data.Sqlite writes a <see cref="DateTimeOffset"/> as ISO 8601 text.</summary>
    public string TimestampType => "TEXT";

    public void EnsureLocation()
    {
        if (_builder.Mode == SqliteOpenMode.Memory || _builder.DataSource is "" or ":memory:")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(_builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    public DbConnection CreateConnection() => new SqliteConnection(_builder.ConnectionString);

    public ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
