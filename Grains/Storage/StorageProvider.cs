namespace OrleansLB.Grains.Storage;

/// <summary>The database engine behind <see cref="AdoNetDispatcherStore"/>.</summary>
internal enum StorageProvider
{
    /// <summary>An embedded file (Microsoft.Data.Sqlite): one node, nothing to run beside it.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql): the store a cluster shares.</summary>
    PostgreSql,
}
