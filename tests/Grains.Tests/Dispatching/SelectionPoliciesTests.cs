using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching;

public class SelectionPoliciesTests
{
    public static TheoryData<DispatcherAlgorithm> Algorithms => new(Enum.GetValues<DispatcherAlgorithm>());

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void For_EveryAlgorithm_HasItsPolicy(DispatcherAlgorithm algorithm) =>
        Assert.Equal(algorithm, SelectionPolicies.For(algorithm).Algorithm);

    /// <summary>Whatever the algorithm: only selectable destinations, each once, never more than the limit.</summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Select_AnyAlgorithm_OnlyLiveDestinationsOnceWithinLimit(DispatcherAlgorithm algorithm)
    {
        var set = SetBuilder.Equal("weight=10;rweight=10", "weight=20;rweight=20", "weight=30", "rweight=5", "")
            .WithFlags(5072, DestinationFlags.Inactive)
            .WithFlags(5074, DestinationFlags.Disabled);
        var policy = SelectionPolicies.For(algorithm);
        var context = SetBuilder.Seeded();

        var buffer = new int[5];
        for (var limit = 1; limit <= 5; limit++)
        {
            var order = buffer.AsSpan(0, limit);
            var request = new SelectionRequest
            {
                IsInvite = true,
                CallId = "c1@host"u8,
                FromUri = "sip:alice@a.example"u8,
                ToUri = "sip:bob@b.example"u8,
                RequestUri = "sip:100@lb"u8,
                AuthUsername = "agent"u8,
                HashValue = "v"u8,
            };
            var n = policy.Select(set, request, context, order);
            var chosen = order[..n].ToArray();

            Assert.InRange(n, 1, Math.Min(limit, 3));
            Assert.Equal(n, chosen.Distinct().Count());
            Assert.All(chosen, i => Assert.True(set[i].IsSelectable));
        }
    }
}
