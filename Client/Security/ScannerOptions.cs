namespace OrleansLB.Client.Security;

/// <summary>
/// Requests whose User-Agent contains one of <see cref="UserAgents"/> (any case) are refused before
/// anything else looks at them: the well-known scanners announce themselves this way by default.
/// </summary>
internal sealed record ScannerOptions
{
    public const string Key = "Sip:Scanners";

    /// <summary>
    /// SIPVicious (<c>friendly-scanner</c>, and its name in newer versions), sipcli, sip-scan and
    /// SIPScan, VaxSIPUserAgent, iWar, sundayddr, SIVuS and pplsip: tools and bots that scan for
    /// servers and guess extensions. SDKs that real phones are built on are left out on purpose.
    /// </summary>
    public static IReadOnlyList<string> DefaultUserAgents { get; } =
    [
        "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "SIPScan", "VaxSIPUserAgent", "iWar", "sundayddr", "SIVuS", "pplsip",
    ];

    // After DefaultUserAgents: static initializers run in the order written.
    public static ScannerOptions Default { get; } = new();

    public bool Enabled { get; init; } = true;

    public IReadOnlyList<string> UserAgents { get; init; } = DefaultUserAgents;

    public ScannerAction Action { get; init; } = ScannerAction.Reject;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < UserAgents.Count; i++)
        {
            var agent = UserAgents[i];
            if (string.IsNullOrWhiteSpace(agent) || agent.Any(c => c is < ' ' or > '~'))
            {
                errors.Add($"{Key}:{nameof(UserAgents)}:{i} '{agent}' is empty or not printable ASCII; give a part of a User-Agent, such as friendly-scanner.");
            }
        }

        if (!Enum.IsDefined(Action))
        {
            errors.Add($"{Key}:{nameof(Action)} {(int)Action} is unknown; use Reject or Drop.");
        }

        return errors;
    }
}
