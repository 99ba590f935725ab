using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.Cluster;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo;

/// <summary>What a silo starts with: its cluster options (section <c>Cluster</c>) and the sets read from <c>Dispatcher:ListFile</c>.</summary>
internal sealed record SiloSettings(ClusterOptions Cluster, DispatcherOptions Dispatcher, DispatcherSnapshot Seed)
{
    /// <summary>The settings, or null with every problem added to <paramref name="problems"/>.</summary>
    public static SiloSettings? Read(IConfiguration configuration, List<string> problems)
    {
        var cluster = configuration.GetSection("Cluster").Get<ClusterOptions>() ?? new ClusterOptions();

        // A silo always hosts grains, whatever else the configuration lists; the binder appends
        // configured roles to the default, hence the distinct.
        cluster = cluster with { Roles = [.. cluster.Roles.Append(ClusterOptions.SiloRole).Select(r => r.ToLowerInvariant()).Distinct()] };

        problems.AddRange(cluster.Validate());
        var dispatcher = new DispatcherOptions
        {
            ListFile = configuration["Dispatcher:ListFile"] ?? new DispatcherOptions().ListFile,
            LoadMode = Enum.TryParse<DispatcherListLoadMode>(configuration["Dispatcher:LoadMode"], ignoreCase: true, out var mode) ? mode : DispatcherListLoadMode.Strict,
        };
        var dispatcherProblems = dispatcher.Validate();
        problems.AddRange(dispatcherProblems);
        if (problems.Count > 0 || dispatcherProblems.Count > 0)
        {
            return null;
        }

        var list = DispatcherListReader.ReadFile(dispatcher.ListFile, dispatcher.LoadMode);
        if (!list.Succeeded)
        {
            problems.AddRange(list.Errors.Where(e => !e.IsWarning).Select(e => $"Dispatcher:ListFile: {e}"));
            return null;
        }

        return new SiloSettings(cluster, dispatcher, list.Snapshot);
    }
}
