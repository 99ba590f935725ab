using System.Globalization;
using System.Text;

namespace OrleansLB.Client.Routing;

/// <summary>
/// The final responses (300-699) that send a call on to the next destination: Kamailio's
/// <c>t_check_status("...")</c> in a failure route, written as a list of codes and classes,
/// <c>["408", "5xx", "6xx"]</c> for the tutorial's <c>408|5[0-9][0-9]|6[0-9][0-9]</c>.
/// </summary>
internal sealed class ResponseCodeSet : IEquatable<ResponseCodeSet>
{
    private const int First = 300;
    private const int Last = 699;
    private const int Words = (Last - First + 64) / 64;

    private readonly ulong[] _bits;

    private ResponseCodeSet(ulong[] bits) => _bits = bits;

    /// <summary>408, 500 and 503: a server that timed out, failed or is overloaded, not a callee that said no.</summary>
    public static ResponseCodeSet DefaultFailover { get; } = Of(408, 500, 503);

    public static ResponseCodeSet Of(params ReadOnlySpan<int> codes)
    {
        var bits = new ulong[Words];
        foreach (var code in codes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(code, First);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(code, Last);
            Set(bits, code);
        }

        return new ResponseCodeSet(bits);
    }

    public bool Contains(int code)
    {
        if (code is < First or > Last)
        {
            return false;
        }

        var bit = code - First;
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Reads each item as a code (<c>503</c>) or a class (<c>5xx</c>); <paramref name="problems"/> names each bad item by index.</summary>
    public static bool TryParse(IReadOnlyList<string?> items, out ResponseCodeSet set, out IReadOnlyList<(int Index, string Problem)> problems)
    {
        var bits = new ulong[Words];
        var found = new List<(int, string)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]?.Trim() ?? string.Empty;
            if (item.Length == 3 && item[0] is >= '3' and <= '6' && item.AsSpan(1).Equals("xx", StringComparison.OrdinalIgnoreCase))
            {
                var start = (item[0] - '0') * 100;
                for (var code = start; code < start + 100; code++)
                {
                    Set(bits, code);
                }
            }
            else if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= First and <= Last)
            {
                Set(bits, code);
            }
            else
            {
                found.Add((i, $"'{item}' is not a failover code; give a final response code from {First} to {Last} (such as 503) or a class (3xx, 4xx, 5xx, 6xx)"));
            }
        }

        problems = found;
        set = new ResponseCodeSet(bits);
        return found.Count == 0;
    }

    /// <summary>The codes ascending, a full class as <c>5xx</c>: <c>408,5xx</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var code = First; code <= Last; code++)
        {
            if (!Contains(code))
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            if (code % 100 == 0 && Enumerable.Range(code, 100).All(Contains))
            {
                text.Append(code / 100).Append("xx");
                code += 99;
            }
            else
            {
                text.Append(code.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    public bool Equals(ResponseCodeSet? other) => other is not null && _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => Equals(obj as ResponseCodeSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var word in _bits)
        {
            hash.Add(word);
        }

        return hash.ToHashCode();
    }

    private static void Set(ulong[] bits, int code)
    {
        var bit = code - First;
        bits[bit >> 6] |= 1UL << (bit & 63);
    }
}
