using System.Collections.Frozen;
using System.Text;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>
/// Instrument names to Prometheus names, by OpenTelemetry's Prometheus compatibility rules:
/// characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c> (runs of them one), the unit is added
/// as a suffix in words (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>By/s</c> →
/// <c>_bytes_per_second</c>, a gauge's <c>1</c> → <c>_ratio</c>, annotations like <c>{call}</c>
/// dropped) unless the name has it already, and counters end in <c>_total</c>.
/// </summary>
/// <remarks>
/// One rule of our own: a gauge may not end in <c>_count</c>, <c>_sum</c> or <c>_bucket</c>, which
/// Prometheus keeps for histograms (promtool rejects them). <c>dotnet.assembly.count</c> with unit
/// <c>{assembly}</c> becomes <c>dotnet_assemblies</c>: the annotation in the plural stands for the
/// count; without an annotation the suffix becomes <c>_number</c> (<c>_value</c> for the others).
/// </remarks>
internal static class PrometheusNames
{
    private static readonly FrozenDictionary<string, string> Units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PerUnits = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] ReservedSuffixes = ["_count", "_sum", "_bucket"];

    /// <summary>The family name of an instrument.</summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = Collapse(Sanitize(instrumentName, allowColon: true));
        if (type == PrometheusMetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        if (UnitSuffix(unit, type) is { } suffix && !$"_{name}_".Contains($"_{suffix}_", StringComparison.Ordinal))
        {
            name = $"{name}_{suffix}";
        }

        if (type == PrometheusMetricType.Gauge)
        {
            name = AvoidHistogramSuffix(name, Annotation(unit));
        }

        if (type == PrometheusMetricType.Counter)
        {
            name += "_total";
        }

        return Collapse(name);
    }

    /// <summary>A tag name as a label name: characters outside <c>[a-zA-Z0-9_]</c> become <c>_</c>; one that starts with a digit or <c>__</c> (reserved) gets <c>key_</c> in front.</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        if (name.Length == 0)
        {
            return "key";
        }

        // Sanitize has already put '_' before a leading digit.
        return char.IsAsciiDigit(key[0]) ? "key" + name
            : name.StartsWith("__", StringComparison.Ordinal) ? "key_" + name : name;
    }

    /// <summary>The unit in words (<c>seconds</c>, <c>bytes_per_second</c>), null when it adds nothing (an annotation, <c>1</c> outside gauges, none).</summary>
    public static string? UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        var text = StripAnnotations(unit).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text == "1")
        {
            return type == PrometheusMetricType.Gauge ? "ratio" : null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Word(text, Units);
        }

        var over = text[..slash].Trim();
        var per = text[(slash + 1)..].Trim();
        var first = over.Length == 0 || over == "1" ? null : Word(over, Units);
        var second = per.Length == 0 ? null : Word(per, PerUnits);
        return (first, second) switch
        {
            (null, null) => null,
            (null, _) => $"per_{second}",
            (_, null) => first,
            _ => $"{first}_per_{second}",
        };
    }

    private static string? Word(string unit, FrozenDictionary<string, string> words) =>
        words.TryGetValue(unit, out var word) ? word : Collapse(Sanitize(unit, allowColon: false)).Trim('_') is { Length: > 0 } sanitized ? sanitized : null;

    private static string AvoidHistogramSuffix(string name, string? annotation)
    {
        foreach (var reserved in ReservedSuffixes)
        {
            if (!name.EndsWith(reserved, StringComparison.Ordinal) || name.Length == reserved.Length)
            {
                continue;
            }

            var stem = name[..^reserved.Length];
            if (reserved != "_count")
            {
                return name + "_value";
            }

            if (annotation is null)
            {
                return stem + "_number";
            }

            var plural = Plural(annotation);
            return stem.EndsWith("_" + annotation, StringComparison.Ordinal)
                ? stem[..^annotation.Length] + plural
                : $"{stem}_{plural}";
        }

        return name;
    }

    /// <summary>The single word of an annotation-only unit (<c>{assembly}</c> → <c>assembly</c>), else null.</summary>
    private static string? Annotation(string? unit)
    {
        if (unit is null || unit.Length < 3 || unit[0] != '{' || unit[^1] != '}' || unit.IndexOf('}', StringComparison.Ordinal) != unit.Length - 1)
        {
            return null;
        }

        var word = Collapse(Sanitize(unit[1..^1], allowColon: false)).Trim('_').ToLowerInvariant();
        return word.Length == 0 ? null : word;
    }

    private static string Plural(string word)
    {
        if (word.EndsWith('y') && word.Length > 1 && !"aeiou".Contains(word[^2], StringComparison.Ordinal))
        {
            return word[..^1] + "ies";
        }

        return word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal)
            ? word + "es"
            : word + "s";
    }

    private static string StripAnnotations(string unit)
    {
        var text = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string Sanitize(string text, bool allowColon)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':')))
            {
                chars[i] = '_';
            }
        }

        var name = new string(chars);
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    private static string Collapse(string name)
    {
        if (!name.Contains("__", StringComparison.Ordinal))
        {
            return name;
        }

        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c != '_' || text.Length == 0 || text[^1] != '_')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
