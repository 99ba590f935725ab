using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Configuration;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo;

/// <summary>
/// What a silo starts with: its cluster options (section <c>Cluster</c>), the store (section
/// <c>Storage</c>) and the sets read from <c>Dispatcher:ListFile</c>.
/// </summary>
/// <param name="Seed">The list file's sets; null when <c>Dispatcher:ListFile</c> is empty, so the sets come from the store alone.</param>
internal sealed record SiloSettings(ClusterOptions Cluster, DispatcherOptions Dispatcher, StorageOptions Storage, DispatcherSnapshot? Seed)
{
    /// <summary>Where health, readiness, metrics and the admin API are served (<c>Http:Urls</c>).</summary>
    public IReadOnlyList<string> HttpUrls { get; init; } = [];

    /// <summary>The settings, or null with every problem added to <paramref name="problems"/>.</summary>
    public static SiloSettings? Read(IConfiguration configuration, List<string> problems)
    {
        var cluster = ClusterConfiguration.ReadSilo(configuration, problems);
        var httpUrls = HttpConfiguration.Read(configuration, problems);
        var storageSection = new SectionReader(configuration.GetSection("Storage"), problems);
        var provider = storageSection.Enum(nameof(StorageOptions.Provider), new StorageOptions().Provider);

        // Left out or empty, SQLite takes its default file; PostgreSQL has no default to take.
        var storage = new StorageOptions
        {
            Provider = provider,
            ConnectionString = storageSection.String(nameof(StorageOptions.ConnectionString), provider == StorageProvider.Sqlite ? StorageOptions.DefaultSqliteConnectionString : string.Empty)!,
        };
        storageSection.RejectUnknownKeys();
        problems.AddRange(storage.Validate());

        // An empty list file (set explicitly) means the store is the only source of the sets.
        var listFile = configuration["Dispatcher:ListFile"] ?? new DispatcherOptions().ListFile;
        var dispatcher = new DispatcherOptions
        {
            ListFile = listFile.Length == 0 ? new DispatcherOptions().ListFile : listFile,
            LoadMode = new SectionReader(configuration.GetSection("Dispatcher"), problems).Enum(nameof(DispatcherOptions.LoadMode), DispatcherListLoadMode.Strict),
        };
        var dispatcherProblems = dispatcher.Validate();
        if (listFile.Length == 0)
        {
            dispatcherProblems = [.. dispatcherProblems.Where(p => !p.StartsWith("Dispatcher:ListFile:", StringComparison.Ordinal))];
        }

        problems.AddRange(dispatcherProblems);
        if (problems.Count > 0)
        {
            return null;
        }

        if (listFile.Length == 0)
        {
            return new SiloSettings(cluster, dispatcher, storage, null) { HttpUrls = httpUrls };
        }

        var list = DispatcherListReader.ReadFile(dispatcher.ListFile, dispatcher.LoadMode);
        if (!list.Succeeded)
        {
            problems.AddRange(list.Errors.Where(e => !e.IsWarning).Select(e => $"Dispatcher:ListFile: {e}"));
            return null;
        }

        return new SiloSettings(cluster, dispatcher, storage, list.Snapshot) { HttpUrls = httpUrls };
    }
}
