using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Health;

namespace OrleansLB.Client.Configuration;

/// <summary>
/// Reads the <c>Dispatcher</c> section: Kamailio's dispatcher module parameters under names a
/// .NET configuration can carry (appsettings.json, <c>Dispatcher__Probing__Interval</c>, or
/// <c>--Dispatcher:Probing:Interval=5</c>).
/// </summary>
internal static class DispatcherConfiguration
{
    public const string SectionName = "Dispatcher";

    /// <summary>The options with every problem in <paramref name="errors"/>; the values' own checks (<see cref="DispatcherOptions.Validate"/>) included.</summary>
    public static DispatcherOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);
        var defaults = new DispatcherOptions();
        var options = new DispatcherOptions
        {
            ListFile = section.String(nameof(DispatcherOptions.ListFile), defaults.ListFile)!,
            LoadMode = section.Enum(nameof(DispatcherOptions.LoadMode), defaults.LoadMode),
            Selection = new SelectionOptions
            {
                HashPlacement = section.Enum(nameof(SelectionOptions.HashPlacement), HashPlacement.Stable),
                HashUserOnly = section.Bool(nameof(SelectionOptions.HashUserOnly), false),
            },
            Health = ReadHealth(section.Child("Probing")),
            CallLoad = ReadCallLoad(section.Child("CallLoad")),
        };
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate());
        return options;
    }

    private static HealthOptions ReadHealth(SectionReader probing)
    {
        var d = HealthOptions.Default;
        var codes = d.AcceptedReplyCodes;
        if (probing.String("ReplyCodes") is { } text)
        {
            if (!ReplyCodeRules.TryParse(text, out codes, out var problems))
            {
                foreach (var problem in problems)
                {
                    probing.Error("ReplyCodes", problem);
                }
            }
        }

        var health = new HealthOptions
        {
            PingInterval = probing.Duration("Interval", d.PingInterval),
            ProbingMode = probing.Enum("Mode", d.ProbingMode),
            ProbingThreshold = probing.Int("Threshold", d.ProbingThreshold, 1, 1000),
            InactiveThreshold = probing.Int("InactiveThreshold", d.InactiveThreshold, 1, 1000),
            AcceptedReplyCodes = codes,
            ProbeTimeout = probing.Duration("Timeout", d.ProbeTimeout),
            LatencyEstimatorAlpha = probing.Int("LatencyAlpha", d.LatencyEstimatorAlpha, 1, 999),
            MarkOnCallFailure = probing.Enum("MarkOnCallFailure", d.MarkOnCallFailure),
        };
        probing.String("From");
        probing.RejectUnknownKeys();
        return health;
    }

    private static CallLoadOptions ReadCallLoad(SectionReader callLoad)
    {
        var d = CallLoadOptions.Default;
        var options = new CallLoadOptions
        {
            UnconfirmedTimeout = callLoad.Duration(nameof(CallLoadOptions.UnconfirmedTimeout), d.UnconfirmedTimeout),
            ConfirmedTimeout = callLoad.Duration(nameof(CallLoadOptions.ConfirmedTimeout), d.ConfirmedTimeout),
            SweepInterval = callLoad.Duration(nameof(CallLoadOptions.SweepInterval), d.SweepInterval),
        };
        callLoad.RejectUnknownKeys();
        return options;
    }
}
