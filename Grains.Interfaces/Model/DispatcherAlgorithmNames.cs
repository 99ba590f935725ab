using System.Collections.Frozen;
using System.Globalization;

namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// The one catalogue of algorithm names: configuration accepts Kamailio's number, our name,
/// or Kamailio's constant (<c>DS_ALG_ROUNDROBIN</c>).
/// </summary>
public static class DispatcherAlgorithmNames
{
    private static readonly (DispatcherAlgorithm Algorithm, string Name, string Constant)[] Catalogue =
    [
        (DispatcherAlgorithm.HashCallId, "hash-callid", "DS_ALG_HASHCALLID"),
        (DispatcherAlgorithm.HashFromUri, "hash-from", "DS_ALG_HASHFROMURI"),
        (DispatcherAlgorithm.HashToUri, "hash-to", "DS_ALG_HASHTOURI"),
        (DispatcherAlgorithm.HashRequestUri, "hash-ruri", "DS_ALG_HASHRURI"),
        (DispatcherAlgorithm.RoundRobin, "round-robin", "DS_ALG_ROUNDROBIN"),
        (DispatcherAlgorithm.HashAuthUsername, "hash-auth-user", "DS_ALG_HASHAUTHUSER"),
        (DispatcherAlgorithm.Random, "random", "DS_ALG_RANDOM"),
        (DispatcherAlgorithm.HashValue, "hash-value", "DS_ALG_HASHPV"),
        (DispatcherAlgorithm.Priority, "priority", "DS_ALG_SERIAL"),
        (DispatcherAlgorithm.Weight, "weight", "DS_ALG_WEIGHT"),
        (DispatcherAlgorithm.CallLoad, "call-load", "DS_ALG_CALLLOAD"),
        (DispatcherAlgorithm.RelativeWeight, "relative-weight", "DS_ALG_RELWEIGHT"),
        (DispatcherAlgorithm.Parallel, "parallel", "DS_ALG_PARALLEL"),
        (DispatcherAlgorithm.Latency, "latency", "DS_ALG_LATENCY"),
        (DispatcherAlgorithm.RoundRobinOrSerial, "round-robin-serial", "DS_ALG_RRSERIAL"),
        (DispatcherAlgorithm.PriorityWeight, "priority-weight", "DS_ALG_PRIORITY_WEIGHT"),
        (DispatcherAlgorithm.Overload, "overload", "DS_ALG_OVERLOAD"),
    ];

    private static readonly FrozenDictionary<string, DispatcherAlgorithm> ByName = Catalogue
        .SelectMany(e => new[] { (Key: e.Name, e.Algorithm), (Key: e.Constant, e.Algorithm), (Key: e.Algorithm.ToString(), e.Algorithm) })
        .DistinctBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(e => e.Key, e => e.Algorithm, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every algorithm with its number and name, in number order.</summary>
    public static IEnumerable<(DispatcherAlgorithm Algorithm, string Name)> All =>
        Catalogue.Select(e => (e.Algorithm, e.Name));

    /// <summary>Our name of an algorithm (<c>round-robin</c> for 4).</summary>
    public static string NameOf(DispatcherAlgorithm algorithm) =>
        Array.Find(Catalogue, e => e.Algorithm == algorithm).Name ?? ((int)algorithm).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>4</c>, <c>round-robin</c>, <c>RoundRobin</c> or <c>DS_ALG_ROUNDROBIN</c>.</summary>
    public static bool TryParse(string? text, out DispatcherAlgorithm algorithm)
    {
        algorithm = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            algorithm = (DispatcherAlgorithm)number;
            return Enum.IsDefined(algorithm);
        }

        return ByName.TryGetValue(text, out algorithm);
    }
}
