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
        var text = String(key);
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
        var text = String(key);
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
        var text = String(key);
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

    public T Enum<T>(string key, T fallback)
        where T : struct, Enum
    {
        var text = String(key);
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
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            value = TimeSpan.FromSeconds(plain);
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
