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

        var seeds = section.Strings(nameof(ClusterOptions.SeedNodes)) ?? [];
        var enabled = section.Bool("Enabled", seeds.Count > 0);

        // An edge only uses the grains; a silo's roles here would make this process host them too.
        var roles = section.Strings(nameof(ClusterOptions.Roles)) ?? [];
        if (roles.Any(r => !string.Equals(r, ClusterOptions.EdgeRole, StringComparison.OrdinalIgnoreCase)))
        {
            section.Error(nameof(ClusterOptions.Roles), $"[{string.Join(", ", roles)}] must be {ClusterOptions.EdgeRole} (or left out) on an edge; grains run in OrleansLB.Silo");
        }

        var options = Values(section, seeds, [ClusterOptions.EdgeRole]);
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate());
        return enabled ? options : null;
    }

    /// <summary>
    /// A silo's options: always cluster mode, and always the <c>silo</c> role beside any configured
    /// (<c>edge</c> too makes it the single-node pair). Read as the edge reads its own, so a bad
    /// value is a named problem rather than the configuration binder's exception.
    /// </summary>
    public static ClusterOptions ReadSilo(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);

        // Read in the edge's order, so the single-node pair names an unknown key once, not twice.
        var seeds = section.Strings(nameof(ClusterOptions.SeedNodes)) ?? [];
        if (!section.Bool("Enabled", fallback: true))
        {
            section.Error("Enabled", "a silo always runs in a cluster (alone when it has no seeds); leave Enabled out or set it true");
        }

        var roles = section.Strings(nameof(ClusterOptions.Roles)) ?? [];
        var options = Values(section, seeds, [.. roles.Append(ClusterOptions.SiloRole).Select(r => r.ToLowerInvariant()).Distinct()]);
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate());
        return options;
    }

    private static ClusterOptions Values(SectionReader section, IReadOnlyList<string> seeds, IReadOnlyList<string> roles)
    {
        var defaults = new ClusterOptions();
        return new ClusterOptions
        {
            SystemName = section.String(nameof(ClusterOptions.SystemName), defaults.SystemName)!,
            Hostname = section.String(nameof(ClusterOptions.Hostname), defaults.Hostname)!,
            Port = section.Int(nameof(ClusterOptions.Port), defaults.Port, int.MinValue, int.MaxValue),
            SeedNodes = seeds,
            Roles = roles,
            SplitBrainStrategy = section.String(nameof(ClusterOptions.SplitBrainStrategy), defaults.SplitBrainStrategy)!,
            QuorumSize = section.Int(nameof(ClusterOptions.QuorumSize), defaults.QuorumSize, 0, 1000),
            StableAfter = section.Duration(nameof(ClusterOptions.StableAfter), defaults.StableAfter),
            DownRemovalMargin = section.Duration(nameof(ClusterOptions.DownRemovalMargin), defaults.DownRemovalMargin),
            HeartbeatInterval = section.Duration(nameof(ClusterOptions.HeartbeatInterval), defaults.HeartbeatInterval),
            AcceptableHeartbeatPause = section.Duration(nameof(ClusterOptions.AcceptableHeartbeatPause), defaults.AcceptableHeartbeatPause),
            GrainTimeout = section.Duration(nameof(ClusterOptions.GrainTimeout), defaults.GrainTimeout),
            ReportDelay = section.Duration(nameof(ClusterOptions.ReportDelay), defaults.ReportDelay),
        };
    }
}
