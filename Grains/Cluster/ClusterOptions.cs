namespace OrleansLB.Grains.Cluster;

/// <summary>
/// How a node joins the Akka.NET cluster (configuration section <c>Cluster</c>). Every node of
/// one cluster needs the same <see cref="SystemName"/>; seeds are full Akka addresses such as
/// <c>akka.tcp://orleanslb@10.0.0.5:4053</c>.
/// </summary>
internal sealed record ClusterOptions
{
    public const string SiloRole = "silo";
    public const string EdgeRole = "edge";

    public string SystemName { get; init; } = "orleanslb";

    /// <summary>The address this node binds and advertises; other nodes must reach it there.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>0 lets the OS choose (fine for a node that is nobody's seed).</summary>
    public int Port { get; init; }

    /// <summary>Seed node addresses; empty means this node starts a cluster alone (single-node mode).</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary><c>silo</c> hosts the grains; <c>edge</c> uses them; single-node mode has both.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [SiloRole];

    /// <summary>
    /// The split-brain resolver's strategy (Akka's <c>SplitBrainResolverProvider</c>):
    /// <c>keep-majority</c> by default, counted over silos only, since the manifests run few
    /// silos in odd numbers and a majority needs no configured cluster size (static-quorum does).
    /// </summary>
    public string SplitBrainStrategy { get; init; } = "keep-majority";

    /// <summary>For <c>static-quorum</c>: the number of silos that must stay together.</summary>
    public int QuorumSize { get; init; }

    /// <summary>How long membership must be stable before the resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Extra wait after a node is removed before its singletons start elsewhere; zero is Akka's default (the stable-after).</summary>
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.Zero;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Missing heartbeats are tolerated this long before a node is unreachable (GC pauses, busy hosts).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an edge waits for the grain tier before it counts calls itself.</summary>
    public TimeSpan GrainTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an edge holds a call report no one waits on (started by another algorithm,
    /// answered, ended) for a selection to ride along with before sending it alone. Each remote
    /// batch costs about a millisecond of CPU over both processes whatever it holds, so this
    /// bounds that cost per second; what it delays is a count in the views and a slot freed
    /// under <c>maxload</c>, and it is what an edge killed outright loses (counted until expiry).
    /// </summary>
    public TimeSpan ReportDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    internal static readonly string[] Strategies = ["keep-majority", "keep-oldest", "static-quorum", "down-all"];

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem, each prefixed with its configuration key and saying how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SystemName) || !SystemName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"Cluster:{nameof(SystemName)}: '{SystemName}' must be letters, digits, '-' or '_', the same on every node.");
        }

        if (string.IsNullOrWhiteSpace(Hostname))
        {
            errors.Add($"Cluster:{nameof(Hostname)}: give the address other nodes reach this one at (127.0.0.1 for loopback).");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"Cluster:{nameof(Port)}: {Port} is not a port; use 0..65535 (0 lets the OS choose).");
        }

        foreach (var seed in SeedNodes)
        {
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp" || uri.UserInfo != SystemName || uri.Port <= 0)
            {
                errors.Add($"Cluster:{nameof(SeedNodes)}: '{seed}' must look like akka.tcp://{SystemName}@host:port.");
            }
        }

        if (Roles.Count == 0 || Roles.Any(r => !string.Equals(r, SiloRole, StringComparison.OrdinalIgnoreCase) && !string.Equals(r, EdgeRole, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"Cluster:{nameof(Roles)}: [{string.Join(", ", Roles)}] must be {SiloRole}, {EdgeRole} or both.");
        }

        if (!Strategies.Contains(SplitBrainStrategy))
        {
            errors.Add($"Cluster:{nameof(SplitBrainStrategy)}: '{SplitBrainStrategy}' is not one of {string.Join(", ", Strategies)}.");
        }
        else if (SplitBrainStrategy == "static-quorum" && QuorumSize < 1)
        {
            errors.Add($"Cluster:{nameof(QuorumSize)}: static-quorum needs the number of silos that form a quorum (more than half of them).");
        }

        if (StableAfter <= TimeSpan.Zero)
        {
            errors.Add($"Cluster:{nameof(StableAfter)}: {StableAfter} must be above zero; a few seconds more than {nameof(AcceptableHeartbeatPause)} is typical.");
        }

        if (DownRemovalMargin < TimeSpan.Zero)
        {
            errors.Add($"Cluster:{nameof(DownRemovalMargin)}: {DownRemovalMargin} must not be negative.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || AcceptableHeartbeatPause <= HeartbeatInterval)
        {
            errors.Add($"Cluster:{nameof(AcceptableHeartbeatPause)}: {AcceptableHeartbeatPause} must be above {nameof(HeartbeatInterval)} ({HeartbeatInterval}), which must be above zero.");
        }

        if (GrainTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Cluster:{nameof(GrainTimeout)}: {GrainTimeout} must be above zero; edges fall back to local counting after it.");
        }

        if (ReportDelay <= TimeSpan.Zero || ReportDelay >= GrainTimeout)
        {
            errors.Add($"Cluster:{nameof(ReportDelay)}: {ReportDelay} must be above zero and below {nameof(GrainTimeout)} ({GrainTimeout}); tens of milliseconds is typical.");
        }

        return errors;
    }

    public ClusterOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(Environment.NewLine, errors));
    }
}
