namespace OrleansLB.Client.Hosting;

/// <summary>
/// How the edge drains on shutdown (<c>Edge</c> section): once stopping, <c>/readyz</c> fails,
/// new out-of-dialog requests get 503 with Retry-After, in-dialog requests and responses still
/// flow, and the SIP sockets close when nothing is left or after <see cref="DrainTimeout"/>.
/// </summary>
internal sealed record EdgeDrainOptions
{
    public const string SectionName = "Edge";

    public static readonly EdgeDrainOptions Default = new();

    /// <summary>What the host's shutdown timeout adds to <see cref="DrainTimeout"/>: closing the sockets and the cluster.</summary>
    public static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest the edge waits for its transactions (and, without a cluster, its calls) before it
    /// closes its sockets. 120 s covers an INVITE ringing until Timer C (<c>Proxy:RingTimeout</c>);
    /// the host's shutdown timeout is raised to it plus <see cref="ExitMargin"/>.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The Retry-After of the 503 that new requests get while draining.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem, each naming its key and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{SectionName}:{nameof(DrainTimeout)} is {DrainTimeout}; set it between 0 (close at once) and 10 minutes (120 seconds by default); a Kubernetes pod's terminationGracePeriodSeconds must exceed its preStop pause plus this plus 5 s.");
        }

        if (RetryAfter < TimeSpan.FromSeconds(1) || RetryAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:{nameof(RetryAfter)} is {RetryAfter}; set it between 1 second and 1 hour (5 seconds by default); Retry-After counts whole seconds.");
        }

        return errors;
    }
}
