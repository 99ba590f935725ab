using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OrleansLB.Client.Routing;

/// <summary>
/// Loads the <c>Routing</c> section of the configuration (appsettings.json, environment variables
/// <c>Routing__Rules__0__SetId</c>, command line) into a <see cref="RoutingTable"/>. Binding alone
/// would drop a misspelt key, or a single value where a list belongs, in silence: a rule that loses
/// its <c>Source</c> that way matches every source. Both are errors here.
/// </summary>
internal static class RoutingConfigurationReader
{
    private static readonly Dictionary<string, Action<IConfigurationSection, List<string>>> SectionKeys =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(RoutingOptions.Rules)] = (rules, errors) => CheckList(rules, errors, CheckRule),
            [nameof(RoutingOptions.NoMatchCode)] = CheckValue,
            [nameof(RoutingOptions.NoMatchReason)] = CheckValue,
        };

    private static readonly Dictionary<string, Action<IConfigurationSection, List<string>>> RuleKeys =
        typeof(RoutingRuleOptions).GetProperties().ToDictionary(
            p => p.Name,
            p => p.PropertyType == typeof(string)
                ? CheckValue
                : (Action<IConfigurationSection, List<string>>)((list, errors) => CheckList(list, errors, CheckValue)),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>The table, or every error in the section, each starting with its key.</summary>
    public static RoutingTableResult Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(RoutingOptions.SectionName);
        var errors = new List<string>();
        CheckKeys(section, SectionKeys, "Routing", errors);
        var built = RoutingTableBuilder.Build(section.Get<RoutingOptions>() ?? new RoutingOptions());
        return errors.Count == 0 ? built : new(null, [.. errors, .. built.Errors]);
    }

    private static void CheckKeys(
        IConfigurationSection section, Dictionary<string, Action<IConfigurationSection, List<string>>> known, string what, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (known.TryGetValue(child.Key, out var check))
            {
                check(child, errors);
            }
            else
            {
                errors.Add($"{child.Path}: unknown key; the keys of {what} are {string.Join(", ", known.Keys)}");
            }
        }
    }

    private static void CheckRule(IConfigurationSection rule, List<string> errors)
    {
        if (!rule.GetChildren().Any())
        {
            errors.Add($"{rule.Path}: a rule is a set of keys (Name, Methods, Source, SetId…), not a single value");
        }

        CheckKeys(rule, RuleKeys, "a rule", errors);
    }

    private static void CheckList(IConfigurationSection list, List<string> errors, Action<IConfigurationSection, List<string>> checkItem)
    {
        var items = list.GetChildren().ToList();
        if (items.Count == 0 && !string.IsNullOrEmpty(list.Value))
        {
            errors.Add($"{list.Path}: '{list.Value}' is a single value; give a list (a JSON array, or the keys {list.Path}:0, {list.Path}:1…)");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var expected = i.ToString(CultureInfo.InvariantCulture);
            if (items[i].Key != expected)
            {
                errors.Add($"{items[i].Path}: list items are numbered 0, 1, 2… without gaps; this one should be {list.Path}:{expected}");
            }

            checkItem(items[i], errors);
        }
    }

    private static void CheckValue(IConfigurationSection value, List<string> errors)
    {
        if (value.GetChildren().Any())
        {
            errors.Add($"{value.Path}: give a single value, not a list or an object");
        }
    }
}
