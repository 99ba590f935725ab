using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace OrleansLB.Grains.Cluster;

/// <summary>The Akka configuration of a node, built from <see cref="ClusterOptions"/> so that there is one source of truth and no HOCON file to drift.</summary>
internal static class ClusterHocon
{
    /// <summary>The largest remote message, in bytes.</summary>
    public const int MaximumFrameSize = 4 * 1024 * 1024;

    public static Config Build(ClusterOptions options)
    {
        options.EnsureValid();
        var text = new StringBuilder();
        text.AppendLine("akka {");
        text.AppendLine("  loglevel = WARNING");
        text.AppendLine("  log-dead-letters-during-shutdown = off");
        text.AppendLine("  actor {");
        text.AppendLine("    provider = cluster");
        text.AppendLine($"    serializers {{ orleanslb = \"{Qualified(typeof(WireSerializer))}\" }}");
        text.AppendLine("    serialization-bindings {");
        foreach (var (type, _) in WireSerializer.Types)
        {
            text.AppendLine($"      \"{Qualified(type)}\" = orleanslb");
        }

        text.AppendLine("    }");
        text.AppendLine($"    serialization-identifiers {{ \"{Qualified(typeof(WireSerializer))}\" = {WireSerializer.SerializerId} }}");
        text.AppendLine("  }");
        // The active calls are replicated as 16 maps (about 60 bytes a call, compressed), and a
        // silo that takes over or joins reads each whole: Akka's 128 kB frame would hold about
        // 2,000 calls in one; 4 MiB holds over 60,000.
        text.AppendLine($"  remote.dot-netty.tcp {{ hostname = \"{options.Hostname}\", port = {options.Port}, maximum-frame-size = {MaximumFrameSize}b }}");
        text.AppendLine("  cluster {");
        text.AppendLine($"    roles = [{string.Join(", ", options.Roles.Select(r => $"\"{r.ToLowerInvariant()}\""))}]");
        text.AppendLine("    downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"");
        text.AppendLine("    split-brain-resolver {");
        text.AppendLine($"      active-strategy = {options.SplitBrainStrategy}");
        text.AppendLine($"      stable-after = {Ms(options.StableAfter)}");
        text.AppendLine("      down-all-when-unstable = on");

        // Only silos count: edges are many and come and go, and a side without the grains is of no use.
        text.AppendLine($"      keep-majority.role = \"{ClusterOptions.SiloRole}\"");
        text.AppendLine($"      keep-oldest {{ role = \"{ClusterOptions.SiloRole}\", down-if-alone = on }}");
        text.AppendLine($"      static-quorum {{ role = \"{ClusterOptions.SiloRole}\", quorum-size = {Math.Max(1, options.QuorumSize)} }}");
        text.AppendLine("    }");
        if (options.DownRemovalMargin > TimeSpan.Zero)
        {
            text.AppendLine($"    down-removal-margin = {Ms(options.DownRemovalMargin)}");
        }

        text.AppendLine("    failure-detector {");
        text.AppendLine($"      heartbeat-interval = {Ms(options.HeartbeatInterval)}");
        text.AppendLine($"      acceptable-heartbeat-pause = {Ms(options.AcceptableHeartbeatPause)}");
        text.AppendLine("    }");
        text.AppendLine($"    distributed-data.role = \"{ClusterOptions.SiloRole}\"");

        // Akka.NET's proxy checks "no singleton found" first at 0 s, not after the period, so it warns
        // "failed to find … after 30 seconds" at every start and handover (akkadotnet/akka.net#8568).
        // The edge says itself when the grain tier does not answer in time.
        text.AppendLine("    singleton-proxy.log-singleton-identification-failure = off");
        text.AppendLine("  }");
        text.AppendLine("}");
        return ConfigurationFactory.ParseString(text.ToString());
    }

    private static string Qualified(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
