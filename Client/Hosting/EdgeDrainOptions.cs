namespace OrleansLB.Client.Hosting;

/// <summary>
/// How the edge drains on shutdown (<c>Edge</c> section): once stopping, <c>/readyz</c> fails,
/// new out-of-dialog requests get 503 with Retry-After, in-dialog requests and responses still
/// flow, and the SIP sockets close when nothing is left or after <see cref="Timeout"/>.
/// </summary>
internal sealed record EdgeDrainOptions
{
    public const string SectionName = "Edge";

    public static readonly EdgeDrainOptions Default = new();

    /// <summary>
    /// The longest the edge waits for its transactions (and, without a cluster, its calls) before it
    /// closes its sockets. 120 s covers an INVITE ringing until Timer C; the host's shutdown
    /// timeout (<c>DOTNET_shutdownTimeoutSeconds</c>, 30 s by default) bounds it too.
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
            errors.Add($"{SectionName}:{nameof(DrainTimeout)} is {DrainTimeout}; set it between 0 (close at once) and 10 minutes (120 seconds by default), and keep it below DOTNET_shutdownTimeoutSeconds.");
        }

        if (RetryAfter < TimeSpan.FromSeconds(1) || RetryAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:{nameof(RetryAfter)} is {RetryAfter}; set it between 1 second and 1 hour (5 seconds by default); Retry-After counts whole seconds.");
        }

        return errors;
    }
}
