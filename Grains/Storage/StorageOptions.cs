using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansLB.Grains.Storage;

/// <summary>
/// Where sets, administrative states, routing rules and the audit log are kept
/// (configuration section <c>Storage</c>). The default is an SQLite file under <c>./data</c>,
/// created on first start.
/// </summary>
internal sealed record StorageOptions
{
    public const string DefaultSqliteConnectionString = "Data Source=./data/orleanslb.db";

    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    public string ConnectionString { get; init; } = DefaultSqliteConnectionString;

    /// <summary>Every problem, each prefixed with its key (<c>Storage:ConnectionString</c>), so start-up can name them all at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Provider))
        {
            errors.Add($"Storage:{nameof(Provider)}: '{Provider}' is not one of {string.Join(", ", Enum.GetNames<StorageProvider>())}.");
            return errors;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add(Provider == StorageProvider.Sqlite
                ? $"Storage:{nameof(ConnectionString)}: give an SQLite connection string, e.g. '{DefaultSqliteConnectionString}'."
                : $"Storage:{nameof(ConnectionString)}: give a PostgreSQL connection string, e.g. 'Host=db;Database=orleanslb;Username=orleanslb;Password=...'.");
            return errors;
        }

        try
        {
            var missing = Provider == StorageProvider.Sqlite
                ? string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource) ? "Data Source" : null
                : string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host) ? "Host" : null;
            if (missing is not null)
            {
                errors.Add($"Storage:{nameof(ConnectionString)}: '{missing}' is missing; add '{missing}=...' for the {Provider} provider.");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add($"Storage:{nameof(ConnectionString)}: not a valid {Provider} connection string ({e.Message}); "
                + $"check Storage:{nameof(Provider)} matches the database it names.");
        }

        return errors;
    }
}
