using OrleansLB.Client.Routing;

namespace OrleansLB.Client.Security;

/// <summary>
/// Per-source rate limiting in the manner of Kamailio's <c>pike</c> module: more than
/// <see cref="Requests"/> messages from one source address within one <see cref="Window"/> blocks
/// that source for <see cref="BlockTime"/> (renewed while it keeps exceeding the rate). Checked on
/// the raw bytes before the message is copied or parsed, so a flood costs a table look-up per packet.
/// </summary>
/// <remarks>
/// The defaults suit a call centre's phones and PBXs (a busy one sends a few requests a second);
/// carriers' SBCs that bring hundreds of calls a second belong in <see cref="Exempt"/>. The
/// dispatcher destinations (the Asterisk servers) are exempt by default.
/// </remarks>
internal sealed record RateLimitOptions
{
    public const string Key = "Sip:RateLimit";

    public static RateLimitOptions Default { get; } = new();

    public bool Enabled { get; init; } = true;

    /// <summary>Messages one source may send per window (pike's <c>reqs_density_per_unit</c>).</summary>
    public int Requests { get; init; } = 100;

    /// <summary>The counting window (pike's <c>sampling_time_unit</c>).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a source stays blocked after its last window over the rate (pike's <c>remove_latency</c>).</summary>
    public TimeSpan BlockTime { get; init; } = TimeSpan.FromSeconds(60);

    public RateLimitAction Action { get; init; } = RateLimitAction.Reply;

    /// <summary>With <see cref="RateLimitAction.Reply"/>: 503s per blocked source and window; past it, messages are dropped.</summary>
    public int ReplyLimit { get; init; } = 5;

    /// <summary>Sources tracked at once; past it, the least recently seen unblocked ones are forgotten.</summary>
    public int MaxSources { get; init; } = 16_384;

    /// <summary>IPv6 sources are counted per network of this length, because one host owns a whole /64.</summary>
    public int IPv6PrefixLength { get; init; } = 64;

    /// <summary>Messages from the addresses of dispatcher destinations are never limited.</summary>
    public bool ExemptDestinations { get; init; } = true;

    /// <summary>Addresses and networks never limited (carriers, SBCs, monitoring).</summary>
    public IReadOnlyList<SourceNetwork> Exempt { get; init; } = [];

    /// <summary>Every problem, each naming its key and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Requests is < 1 or > 1_000_000)
        {
            errors.Add($"{Key}:{nameof(Requests)} is {Requests}; set it between 1 and 1000000 messages per window (100 by default).");
        }

        if (Window < TimeSpan.FromMilliseconds(100) || Window > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Key}:{nameof(Window)} is {Window}; set it between 100 milliseconds and 10 minutes (1 second by default).");
        }

        if (BlockTime < TimeSpan.Zero || BlockTime > TimeSpan.FromDays(1))
        {
            errors.Add($"{Key}:{nameof(BlockTime)} is {BlockTime}; set it between 0 (only the window over the rate) and 1 day (60 seconds by default).");
        }

        if (!Enum.IsDefined(Action))
        {
            errors.Add($"{Key}:{nameof(Action)} {(int)Action} is unknown; use Reply or Drop.");
        }

        if (ReplyLimit is < 0 or > 10_000)
        {
            errors.Add($"{Key}:{nameof(ReplyLimit)} is {ReplyLimit}; set it between 0 and 10000 replies per source and window (5 by default).");
        }

        if (MaxSources is < 64 or > 4_194_304)
        {
            errors.Add($"{Key}:{nameof(MaxSources)} is {MaxSources}; set it between 64 and 4194304 (16384 by default).");
        }

        if (IPv6PrefixLength is < 32 or > 128)
        {
            errors.Add($"{Key}:{nameof(IPv6PrefixLength)} is {IPv6PrefixLength}; set it between 32 and 128 (64 by default: one host's network).");
        }

        return errors;
    }
}
