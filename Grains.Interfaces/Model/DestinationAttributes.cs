using System.Collections.Immutable;
using System.Globalization;

namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// The <c>attrs</c> column of a destination (<c>name=value;name=value</c>), as Kamailio's
/// <c>ds_set_attrs</c> reads it. Every pair is kept in order, so unknown attributes such as
/// <c>prefix=49</c> survive a round trip; the known ones are also exposed typed.
/// </summary>
public sealed record DestinationAttributes
{
    public static readonly DestinationAttributes Empty = new(ImmutableArray<KeyValuePair<string, string>>.Empty);

    private DestinationAttributes(ImmutableArray<KeyValuePair<string, string>> pairs)
    {
        Pairs = pairs;
        foreach (var (name, value) in pairs)
        {
            switch (name.ToLowerInvariant())
            {
                case "duid": Duid = value; break;
                case "weight": Weight = Percent(value); break;
                case "rweight": RelativeWeight = Percent(value); break;
                case "maxload": MaxLoad = NonNegative(value); break;
                case "cc": CongestionControl = value == "1"; break;
                case "latency": Latency = NonNegative(value); break;
                case "socket": Socket = value; break;
                case "sockname": SocketName = value; break;
                case "ping_socket": PingSocket = value; break;
                case "ping_from": PingFrom = value; break;
                case "obproxy": OutboundProxy = value; break;
                case "ocmin": OverloadMin = Percent(value); break;
                case "ocmax": OverloadMax = Percent(value); break;
                case "ocrate": OverloadRate = Percent(value); break;
            }
        }
    }

    /// <summary>Every attribute in the order written, known or not.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>Unique destination id: the key of call-load counting (algorithm 10) and of <c>set_duid_state</c>.</summary>
    public string? Duid { get; }

    /// <summary>Algorithm 9 and 15 weight, 1..100; 0 when absent or out of range, as in Kamailio.</summary>
    public int Weight { get; }

    /// <summary>Algorithm 11 relative weight, 1..100; 0 when absent or out of range.</summary>
    public int RelativeWeight { get; }

    /// <summary>Algorithm 10 cap on active calls; 0 means unlimited.</summary>
    public int MaxLoad { get; }

    /// <summary><c>cc=1</c>: congestion control for algorithms 11 and 13.</summary>
    public bool CongestionControl { get; }

    /// <summary>Initial latency estimate in milliseconds.</summary>
    public int Latency { get; }

    public string? Socket { get; }

    public string? SocketName { get; }

    public string? PingSocket { get; }

    public string? PingFrom { get; }

    public string? OutboundProxy { get; }

    public int OverloadMin { get; }

    public int OverloadMax { get; }

    /// <summary>Algorithm 64: the share of calls (0..100) to skip this destination for.</summary>
    public int OverloadRate { get; }

    /// <summary>The value of an attribute by name (case-insensitive), known or not.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Pairs)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    public static DestinationAttributes FromPairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.ToImmutableArray());

    /// <summary>
    /// Parses <c>name=value;name=value</c>. Names must be non-empty tokens; a typed attribute
    /// with a value that is not a whole number is an error naming the attribute.
    /// </summary>
    public static bool TryParse(string? text, out DestinationAttributes attributes, out string? error)
    {
        attributes = Empty;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var part in text.Split(';'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = (eq < 0 ? part : part[..eq]).Trim();
            var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
            if (name.Length == 0)
            {
                error = $"attribute '{part}' has no name";
                return false;
            }

            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (IsNumeric(name) && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                error = $"attribute '{name}' must be a whole number, not '{value}'";
                return false;
            }

            pairs.Add(new(name, value));
        }

        attributes = new DestinationAttributes(pairs.ToImmutable());
        return true;
    }

    /// <summary>Writes the attributes back as <c>name=value;name=value</c>, in their original order.</summary>
    public override string ToString() =>
        string.Join(';', Pairs.Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key}={p.Value}"));

    public bool Equals(DestinationAttributes? other) =>
        other is not null && Pairs.SequenceEqual(other.Pairs);

    public override int GetHashCode() => Pairs.Length == 0 ? 0 : HashCode.Combine(Pairs.Length, Pairs[0]);

    private static bool IsNumeric(string name) => name.ToLowerInvariant() switch
    {
        "weight" or "rweight" or "maxload" or "latency" or "ocmin" or "ocmax" or "ocrate" or "cc" => true,
        _ => false,
    };

    private static int Parse(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static int Percent(string value) => Parse(value) is var n && n is >= 1 and <= 100 ? n : 0;

    private static int NonNegative(string value) => Math.Max(0, Parse(value));
}
