using System.Data;
using System.Data.Common;
using Npgsql;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// PostgreSQL through Npgsql. The write lock is a transaction-scoped advisory lock
/// (<c>pg_advisory_xact_lock</c>), which is per database and ends with the transaction, so a
/// crashed node never leaves it held.
/// </summary>
internal sealed class PostgreSqlDialect(string connectionString) : ISqlDialect
{
    /// <summary>Any fixed number works; this one spells "OrlnsLB1" so it is recognisable in <c>pg_locks</c>.</summary>
    private const long WriteLockKey = 0x4F726C6E734C4231;

    public string IdentityColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public string TimestampType => "TIMESTAMPTZ";

    public void EnsureLocation()
    {
    }

    public DbConnection CreateConnection() => new NpgsqlConnection(connectionString);

    public async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", WriteLockKey));
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
}
