using System.Data.Common;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// What differs between the engines behind <see cref="AdoNetDispatcherStore"/>; all other SQL is
/// written once. Both engines take <c>@name</c> parameters and <c>INSERT ... ON CONFLICT (...) DO
/// UPDATE SET x = excluded.x</c> upserts, so those are not here.
/// </summary>
internal interface ISqlDialect
{
    /// <summary>The column definition of a generated 64-bit primary key, for the schema scripts' <c>{identity}</c>.</summary>
    string IdentityColumn { get; }

    /// <summary>The column type of a point in time, for the schema scripts' <c>{timestamp}</c>.</summary>
    string TimestampType { get; }

    /// <summary>Creates what the database needs before the first connection (an SQLite file's directory).</summary>
    void EnsureLocation();

    DbConnection CreateConnection();

    /// <summary>
    /// Begins a transaction that holds the store's one write lock until it ends, so two
    /// processes that migrate or change the store at once run one after the other.
    /// </summary>
    ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Begins a transaction whose reads see one consistent state of every table.</summary>
    ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);
}
