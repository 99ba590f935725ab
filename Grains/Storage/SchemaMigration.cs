namespace OrleansLB.Grains.Storage;

/// <summary>
/// One numbered schema script. Written in the SQL both engines share; <c>{identity}</c> and
/// <c>{timestamp}</c> stand for the column definitions that differ (<see cref="ISqlDialect"/>).
/// A released script never changes: a later change is a new, higher-numbered script.
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Script)
{
    public string Render(ISqlDialect dialect) => Script
        .Replace("{identity}", dialect.IdentityColumn, StringComparison.Ordinal)
        .Replace("{timestamp}", dialect.TimestampType, StringComparison.Ordinal);
}
