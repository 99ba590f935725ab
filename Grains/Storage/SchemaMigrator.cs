using System.Globalization;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// Brings a database to the latest <see cref="SchemaMigrations"/> version at start: every
/// missing script and its <c>schema_version</c> row in one transaction under the store's write
/// lock, so a second process starting at the same moment waits and then finds nothing to do.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Returns the number of scripts applied (0 when the schema was already current).</summary>
    public static async Task<int> MigrateAsync(ISqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        dialect.EnsureLocation();
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await transaction.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at {dialect.TimestampType} NOT NULL)",
            cancellationToken);
        var current = Convert.ToInt32(
            await transaction.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);
        var latest = SchemaMigrations.All[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build's {latest}; run the newer OrleansLB or restore a backup.");
        }

        var applied = 0;
        foreach (var migration in SchemaMigrations.All.Where(m => m.Version > current))
        {
            await transaction.ExecuteAsync(migration.Render(dialect), cancellationToken);
            await transaction.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                cancellationToken,
                ("version", migration.Version),
                ("name", migration.Name),
                ("at", time.GetUtcNow()));
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }
}
