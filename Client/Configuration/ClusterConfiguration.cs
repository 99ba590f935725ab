using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Client.Configuration;

/// <summary>
/// Reads the <c>Cluster</c> section of an edge: present with <c>SeedNodes</c> (or with
/// <c>Enabled=true</c>), the edge joins the grain tier as a member with role <c>edge</c>;
/// absent, the edge runs alone as before. The values are checked by <see cref="ClusterOptions.Validate"/>,
/// the same checks a silo runs, so both name a problem with the same key.
/// </summary>
internal static class ClusterConfiguration
{
    public const string SectionName = "Cluster";

    /// <summary>The options, or null in single-node mode; every problem goes to <paramref name="errors"/>.</summary>
    public static ClusterOptions? Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);
        if (!section.Section.Exists())
        {
            return null;
        }

        var defaults = new ClusterOptions();
        var seeds = section.Child(nameof(ClusterOptions.SeedNodes)).Section.GetChildren().Select(c => c.Value ?? string.Empty).ToList();
        var enabled = section.Bool("Enabled", seeds.Count > 0);

        // An edge only uses the grains; a silo's roles here would make this process host them too.
        var roles = section.Child(nameof(ClusterOptions.Roles)).Section.GetChildren().Select(c => c.Value ?? string.Empty).ToList();
        if (roles.Any(r => !string.Equals(r, ClusterOptions.EdgeRole, StringComparison.OrdinalIgnoreCase)))
        {
            section.Error(nameof(ClusterOptions.Roles), $"[{string.Join(", ", roles)}] must be {ClusterOptions.EdgeRole} (or left out) on an edge; grains run in OrleansLB.Silo");
        }

        var options = new ClusterOptions
        {
            SystemName = section.String(nameof(ClusterOptions.SystemName), defaults.SystemName)!,
            Hostname = section.String(nameof(ClusterOptions.Hostname), defaults.Hostname)!,
            Port = section.Int(nameof(ClusterOptions.Port), defaults.Port, int.MinValue, int.MaxValue),
            SeedNodes = seeds,
            Roles = [ClusterOptions.EdgeRole],
            SplitBrainStrategy = section.String(nameof(ClusterOptions.SplitBrainStrategy), defaults.SplitBrainStrategy)!,
            QuorumSize = section.Int(nameof(ClusterOptions.QuorumSize), defaults.QuorumSize, 0, 1000),
            StableAfter = section.Duration(nameof(ClusterOptions.StableAfter), defaults.StableAfter),
            DownRemovalMargin = section.Duration(nameof(ClusterOptions.DownRemovalMargin), defaults.DownRemovalMargin),
            HeartbeatInterval = section.Duration(nameof(ClusterOptions.HeartbeatInterval), defaults.HeartbeatInterval),
            AcceptableHeartbeatPause = section.Duration(nameof(ClusterOptions.AcceptableHeartbeatPause), defaults.AcceptableHeartbeatPause),
            GrainTimeout = section.Duration(nameof(ClusterOptions.GrainTimeout), defaults.GrainTimeout),
        };
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate());
        return enabled ? options : null;
    }
}
