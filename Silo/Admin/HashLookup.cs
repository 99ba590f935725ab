using System.Text;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The admin API's <c>hash</c> verb (Kamailio's <c>dispatcher.hash</c> answers a slot number; this
/// answers the destination): runs the edges' own policies (<see cref="SelectionPolicies"/>) over
/// the set as it is now, with the key in the request field each algorithm hashes.
/// </summary>
internal static class HashLookup
{
    /// <summary>The hash algorithms and what their key stands for.</summary>
    public static readonly IReadOnlyList<(DispatcherAlgorithm Algorithm, string Input)> Algorithms =
    [
        (DispatcherAlgorithm.HashCallId, "Call-ID"),
        (DispatcherAlgorithm.HashFromUri, "From URI"),
        (DispatcherAlgorithm.HashToUri, "To URI"),
        (DispatcherAlgorithm.HashRequestUri, "Request-URI"),
        (DispatcherAlgorithm.HashAuthUsername, "auth username"),
        (DispatcherAlgorithm.HashValue, "hash value (Proxy:HashValueHeader)"),
    ];

    public static bool IsHashAlgorithm(int number) => Algorithms.Any(a => (int)a.Algorithm == number);

    public static HashResponse Compute(DestinationSet set, string key, SelectionOptions options, int? only)
    {
        var results = new List<HashResult>();
        foreach (var (algorithm, input) in Algorithms)
        {
            if (only is null || (int)algorithm == only)
            {
                results.Add(Place(set, key, options, algorithm, input));
            }
        }

        return new HashResponse(set.SetId, key, options.HashPlacement.ToString(), options.HashUserOnly, results);
    }

    private static HashResult Place(DestinationSet set, string key, SelectionOptions options, DispatcherAlgorithm algorithm, string input)
    {
        var isUri = algorithm is DispatcherAlgorithm.HashFromUri or DispatcherAlgorithm.HashToUri or DispatcherAlgorithm.HashRequestUri;
        var bytes = Encoding.UTF8.GetBytes(isUri ? Destination.NormalizeUri(key) : key);
        var request = algorithm switch
        {
            DispatcherAlgorithm.HashCallId => new SelectionRequest { CallId = bytes },
            DispatcherAlgorithm.HashFromUri => new SelectionRequest { FromUri = bytes },
            DispatcherAlgorithm.HashToUri => new SelectionRequest { ToUri = bytes },
            DispatcherAlgorithm.HashRequestUri => new SelectionRequest { RequestUri = bytes },
            DispatcherAlgorithm.HashAuthUsername => new SelectionRequest { AuthUsername = bytes },
            _ => new SelectionRequest { HashValue = bytes },
        };

        // A fresh context each time: the hash algorithms read no round-robin position (5 only without a username, which the key always is).
        var order = new int[Math.Max(1, set.Count)];
        var count = SelectionPolicies.For(algorithm).Select(set, request, new SelectionContext(options, new Random(0)), order);
        var name = DispatcherAlgorithmNames.NameOf(algorithm);
        if (count == 0)
        {
            var why = set.Count == 0 ? "the set has no destinations"
                : isUri && !set.Destinations.IsEmpty && !LooksLikeUri(key) ? "the key is not a SIP URI"
                : "no destination of the set can be selected (all inactive or disabled), or the key does not parse for this algorithm";
            return new HashResult((int)algorithm, name, input, null, [], why);
        }

        var targets = order[..count].Select(i => new HashTarget(set[i].Uri, set[i].Attributes.Duid, set[i].Flags.ToKamailioLetters())).ToList();
        return new HashResult((int)algorithm, name, input, targets[0], targets[1..], null);
    }

    private static bool LooksLikeUri(string key) => Grains.Configuration.SipUriSyntax.Check(key, out _) is null || key.Contains('@', StringComparison.Ordinal);
}
