using System.Globalization;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Observability;

/// <summary>
/// Label values as strings made once, so that recording a measurement boxes and allocates
/// nothing: set ids, algorithm names, destination states, grain types.
/// </summary>
internal static class MetricLabels
{
    private const int CachedSetIds = 4096;

    private static readonly string?[] SetIds = new string?[CachedSetIds];

    private static readonly string[] Algorithms = BuildAlgorithms();

    /// <summary>The values of <c>state</c>, in the order Kamailio reads the bits (<see cref="DestinationFlagsExtensions.ToKamailioLetters"/>).</summary>
    public static readonly IReadOnlyList<string> States = ["inactive", "disabled", "trying", "active"];

    public static readonly IReadOnlyList<GrainType> GrainTypes = [GrainType.DestinationSet, GrainType.Destination, GrainType.CallLoad];

    public static string SetId(int setId)
    {
        if ((uint)setId >= CachedSetIds)
        {
            return setId.ToString(CultureInfo.InvariantCulture);
        }

        return Volatile.Read(ref SetIds[setId]) ?? (SetIds[setId] = setId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Our name of an algorithm (<c>call-load</c>), or its number for one we do not know.</summary>
    public static string Algorithm(DispatcherAlgorithm algorithm) =>
        (uint)algorithm < (uint)Algorithms.Length ? Algorithms[(int)algorithm] : ((int)algorithm).ToString(CultureInfo.InvariantCulture);

    /// <summary>The state a destination's flags stand for, Kamailio's first letter in words.</summary>
    public static string State(DestinationFlags flags) =>
        (flags & DestinationFlags.Inactive) != 0 ? "inactive"
        : (flags & DestinationFlags.Disabled) != 0 ? "disabled"
        : (flags & DestinationFlags.Trying) != 0 ? "trying"
        : "active";

    public static string Grain(GrainType type) => type switch
    {
        GrainType.DestinationSet => "destination-set",
        GrainType.Destination => "destination",
        GrainType.CallLoad => "call-load",
        _ => "other",
    };

    private static string[] BuildAlgorithms()
    {
        var all = DispatcherAlgorithmNames.All.ToArray();
        var names = new string[all.Max(a => (int)a.Algorithm) + 1];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (algorithm, name) in all)
        {
            names[(int)algorithm] = name;
        }

        return names;
    }
}
