using System.Collections.Frozen;
using OrleansLB.Grains.Dispatching.Policies;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching;

/// <summary>The one place that maps an algorithm number to its policy. Policies are stateless, so one instance each serves every set.</summary>
public static class SelectionPolicies
{
    private static readonly FrozenDictionary<DispatcherAlgorithm, ISelectionPolicy> ByAlgorithm = new ISelectionPolicy[]
    {
        new HashCallIdPolicy(),
        new HashFromUriPolicy(),
        new HashToUriPolicy(),
        new HashRequestUriPolicy(),
        new RoundRobinPolicy(),
        new HashAuthUsernamePolicy(),
        new RandomPolicy(),
        new HashValuePolicy(),
        new PriorityPolicy(),
        new WeightPolicy(),
        new CallLoadPolicy(),
        new RelativeWeightPolicy(),
        new ParallelPolicy(),
        new LatencyPolicy(),
        new RoundRobinOrSerialPolicy(),
        new PriorityWeightPolicy(),
        new OverloadPolicy(),
    }.ToFrozenDictionary(p => p.Algorithm);

    /// <summary>The policy of an algorithm; every <see cref="DispatcherAlgorithm"/> value has one.</summary>
    public static ISelectionPolicy For(DispatcherAlgorithm algorithm) =>
        ByAlgorithm.TryGetValue(algorithm, out var policy)
            ? policy
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no policy for this algorithm");
}
