using System.Globalization;
using System.Text;

namespace OrleansLB.Grains.Health;

/// <summary>
/// Which probe replies count as "alive": any 2xx always (Kamailio's <c>ds_options_callback</c>
/// accepts 200..299 although its README says "only 200 OK"), plus the classes and codes of
/// Kamailio's <c>ds_ping_reply_codes</c>, e.g. <c>class=3;code=403;code=488</c>.
/// </summary>
/// <remarks>
/// Kamailio's <c>ds_parse_reply_codes</c> silently skips what it does not understand (the
/// <c>class2;class3</c> short form seen in configs, unknown names, out-of-range values), so such a
/// config accepts only 2xx without saying so. Here each of those tokens is an error that names it.
/// </remarks>
internal sealed class ReplyCodeRules : IEquatable<ReplyCodeRules>
{
    private const int FirstCode = 100;
    private const int LastCode = 699;

    /// <summary>Only 2xx: Kamailio's behaviour when <c>ds_ping_reply_codes</c> is not set.</summary>
    public static readonly ReplyCodeRules Default = new(0, new ulong[CodeWords]);

    private const int CodeWords = (LastCode - FirstCode + 64) / 64;

    private readonly int _classes;
    private readonly ulong[] _codes;

    private ReplyCodeRules(int classes, ulong[] codes)
    {
        _classes = classes;
        _codes = codes;
    }

    public bool IsAccepted(int statusCode)
    {
        if (statusCode is >= 200 and <= 299)
        {
            return true;
        }

        if (statusCode is < FirstCode or > LastCode)
        {
            return false;
        }

        var bit = statusCode - FirstCode;
        return (_classes & (1 << (statusCode / 100))) != 0
            || (_codes[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Parses Kamailio's <c>ds_ping_reply_codes</c> syntax; an empty or null text gives <see cref="Default"/>.</summary>
    /// <returns><see langword="true"/> when every token was understood; otherwise <paramref name="errors"/> names each bad token.</returns>
    public static bool TryParse(string? text, out ReplyCodeRules rules, out IReadOnlyList<string> errors)
    {
        var classes = 0;
        var codes = new ulong[CodeWords];
        var found = new List<string>();

        foreach (var raw in (text ?? string.Empty).Split(';'))
        {
            var token = raw.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var equals = token.IndexOf('=');
            if (equals < 0)
            {
                found.Add(ShortFormHint(token));
                continue;
            }

            var name = token[..equals].Trim();
            var valueText = token[(equals + 1)..].Trim();
            var isNumber = int.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
            if (name.Equals("class", StringComparison.OrdinalIgnoreCase))
            {
                if (isNumber && value is >= 1 and <= 6)
                {
                    classes |= 1 << value;
                }
                else
                {
                    found.Add($"'{token}': a class is one digit from 1 to 6, as in class=4.");
                }
            }
            else if (name.Equals("code", StringComparison.OrdinalIgnoreCase))
            {
                if (isNumber && value is >= FirstCode and <= LastCode)
                {
                    var bit = value - FirstCode;
                    codes[bit >> 6] |= 1UL << (bit & 63);
                }
                else
                {
                    found.Add($"'{token}': a code is a SIP status from {FirstCode} to {LastCode}, as in code=403.");
                }
            }
            else
            {
                found.Add($"'{token}': unknown rule '{name}'; write class=N (1..6) or code=NNN ({FirstCode}..{LastCode}), separated by ';'.");
            }
        }

        errors = found;
        rules = found.Count == 0 ? new ReplyCodeRules(classes, codes) : Default;
        return found.Count == 0;
    }

    /// <summary>Parses like <see cref="TryParse"/> and throws <see cref="FormatException"/> listing every bad token.</summary>
    public static ReplyCodeRules Parse(string? text) =>
        TryParse(text, out var rules, out var errors)
            ? rules
            : throw new FormatException($"Invalid ping reply codes '{text}': {string.Join(" ", errors)}");

    /// <summary>The rules in Kamailio's syntax, classes first, each group in ascending order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var c = 1; c <= 6; c++)
        {
            if ((_classes & (1 << c)) != 0)
            {
                Append(text, "class=", c);
            }
        }

        for (var code = FirstCode; code <= LastCode; code++)
        {
            var bit = code - FirstCode;
            if ((_codes[bit >> 6] & (1UL << (bit & 63))) != 0)
            {
                Append(text, "code=", code);
            }
        }

        return text.ToString();
    }

    public bool Equals(ReplyCodeRules? other) =>
        other is not null && _classes == other._classes && _codes.AsSpan().SequenceEqual(other._codes);

    public override bool Equals(object? obj) => Equals(obj as ReplyCodeRules);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_classes);
        foreach (var word in _codes)
        {
            hash.Add(word);
        }

        return hash.ToHashCode();
    }

    private static void Append(StringBuilder text, string name, int value)
    {
        if (text.Length > 0)
        {
            text.Append(';');
        }

        text.Append(name).Append(value.ToString(CultureInfo.InvariantCulture));
    }

    private static string ShortFormHint(string token)
    {
        foreach (var name in (ReadOnlySpan<string>)["class", "code"])
        {
            if (token.Length > name.Length
                && token.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(token.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return $"'{token}': Kamailio does not accept this short form (it silently ignores it); write {name}={token[name.Length..]}.";
            }
        }

        return $"'{token}': no '='; write class=N (1..6) or code=NNN ({FirstCode}..{LastCode}), separated by ';'.";
    }
}
