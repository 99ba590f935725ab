using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OrleansLB.Client.Configuration;

/// <summary>
/// Reads typed values from one configuration section and collects every problem, each naming
/// its full key (<c>Dispatcher:Probing:Threshold: 'x' is not a whole number</c>), instead of
/// stopping at the first as the binder does. Keys the section does not know are errors too, so a
/// misspelt key is not silently ignored.
/// </summary>
internal sealed class SectionReader(IConfigurationSection section, List<string> errors)
{
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public IConfigurationSection Section => section;

    public SectionReader Child(string key)
    {
        _known.Add(key);
        return new SectionReader(section.GetSection(key), errors);
    }

    public string? String(string key, string? fallback = null)
    {
        _known.Add(key);
        return section[key] is { Length: > 0 } value ? value : fallback;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var text = Scalar(key, "a whole number");
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"'{text}' is not a whole number");
            return fallback;
        }

        if (value < min || value > max)
        {
            Error(key, $"{value} is out of range; give a value from {min} to {max}");
        }

        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var text = Scalar(key, "true or false");
        if (text is null)
        {
            return fallback;
        }

        if (text is "1" || bool.TryParse(text, out var value) && value)
        {
            return true;
        }

        if (text is "0" || bool.TryParse(text, out _))
        {
            return false;
        }

        Error(key, $"'{text}' is not true or false");
        return fallback;
    }

    /// <summary>A duration as seconds (<c>5</c>, <c>0.5</c>, as Kamailio's parameters), with a unit (<c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>) or as <c>hh:mm:ss</c>.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var text = Scalar(key, "a duration");
        if (text is null)
        {
            return fallback;
        }

        if (TryParseDuration(text.Trim(), out var value))
        {
            return value;
        }

        Error(key, $"'{text}' is not a duration; write seconds (5), a number with a unit (500ms, 5s, 2m, 1h) or hh:mm:ss");
        return fallback;
    }

    /// <summary>
    /// A list (<c>key:0</c>, <c>key:1</c>, … or a JSON array) in index order; null when absent. An
    /// empty JSON array or an empty value (an environment variable set to nothing) is an empty list,
    /// not the default. A single value where the list belongs is an error: a binder would silently
    /// read it as an empty list.
    /// </summary>
    public List<string>? Strings(string key)
    {
        _known.Add(key);
        var child = section.GetSection(key);
        if (child.Value is { } single)
        {
            if (single.Length == 0)
            {
                return [];
            }

            Error(key, $"'{single}' is a single value; give a list ({key}:0, {key}:1, … or a JSON array)");
            return null;
        }

        var items = child.GetChildren()
            .Select(c => (Index: int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1, c.Value, c.Path))
            .ToList();
        foreach (var item in items.Where(i => i.Index < 0 || i.Value is null))
        {
            errors.Add($"{item.Path}: {(item.Index < 0 ? "not a list index" : "not a single value")}; give a list of values ({key}:0, {key}:1, …)");
        }

        // The JSON provider keeps an empty array as the key with no value and no children.
        if (items.Count == 0)
        {
            return Has(key) ? [] : null;
        }

        return [.. items.Where(i => i.Index >= 0 && i.Value is not null).OrderBy(i => i.Index).Select(i => i.Value!)];
    }

    public T Enum<T>(string key, T fallback)
        where T : struct, Enum
    {
        var text = Scalar(key, $"one of {string.Join(", ", System.Enum.GetNames<T>())}");
        if (text is null)
        {
            return fallback;
        }

        if (System.Enum.TryParse<T>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        Error(key, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
        return fallback;
    }

    /// <summary>Whether the key is given at all, even empty.</summary>
    public bool Has(string key) => section.GetChildren().Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The text of a typed value; null when the key is absent. Present but empty (<c>""</c>, an
    /// environment variable set to nothing) or a list or object is an error rather than the
    /// default: what was meant cannot be told, and a default taken silently hides the mistake.
    /// </summary>
    private string? Scalar(string key, string expected)
    {
        _known.Add(key);
        var child = section.GetSection(key);
        if (child.Value is { Length: > 0 } text)
        {
            return text;
        }

        if (Has(key))
        {
            Error(key, $"{(child.Value is null ? "a list or object" : "empty")}; give {expected}, or leave the key out for the default");
        }

        return null;
    }

    /// <summary>Adds an error for a key of this section.</summary>
    public void Error(string key, string message) => errors.Add($"{section.Path}:{key}: {message}");

    /// <summary>Reports the keys present in the section that no read asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var child in section.GetChildren())
        {
            if (!_known.Contains(child.Key))
            {
                errors.Add($"{child.Path}: unknown key; the keys of {section.Path} are {string.Join(", ", _known)}");
            }
        }
    }

    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return TryFromSeconds(n * seconds, out value);
            }
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            return TryFromSeconds(plain, out value);
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    // Found by fuzzing: 1e30 seconds overflows TimeSpan.FromSeconds; it is a bad value, not a crash.
    private static bool TryFromSeconds(double seconds, out TimeSpan value)
    {
        value = default;
        if (!double.IsFinite(seconds) || seconds >= TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
