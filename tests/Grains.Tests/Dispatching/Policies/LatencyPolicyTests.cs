using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class LatencyPolicyTests
{
    private readonly LatencyPolicy _policy = new();

    [Theory]
    [InlineData(10, 0.0, false, 10)] // no latency: priority unchanged
    [InlineData(10, 8.0, false, 10)] // latency not above priority: no handicap
    [InlineData(10, 45.0, false, 6)] // 10 − 45/10
    [InlineData(10, 500.0, false, 1)] // floored at 1
    [InlineData(0, 500.0, false, 0)] // priority 0 is never handicapped
    [InlineData(10, 45.0, true, 7)] // cc=1: congestion = estimate − average = 45 − 10 = 35; 10 − 35/10
    public void AdjustedPriority_KamailioRule(int priority, double estimate, bool cc, int expected)
    {
        Assert.True(DestinationAttributes.TryParse(cc ? "cc=1" : "", out var attributes, out _));
        var d = new Destination("sip:a", DestinationFlags.None, priority, attributes)
        {
            Latency = new LatencyStats(10, 0, estimate, 0, 0, 100, 0),
        };

        Assert.Equal(expected, LatencyPolicy.AdjustedPriority(d));
    }

    [Fact]
    public void Select_SlowDestinationDropsBehind()
    {
        var set = SetBuilder.Build((5071, 10, DestinationFlags.None, ""), (5072, 9, DestinationFlags.None, ""));
        var fast = set.IndexOf("sip:127.0.0.1:5071");
        set = set.With(fast, set[fast] with { Latency = new LatencyStats(50, 0, 50, 50, 50, 20, 0) });

        Assert.Equal([5072, 5071], _policy.Ports(set, SetBuilder.Seeded()));
    }

    [Fact]
    public void Select_EqualBest_TakeTurns_OthersNever()
    {
        var set = SetBuilder.Build(
            (5071, 10, DestinationFlags.None, ""),
            (5072, 10, DestinationFlags.None, ""),
            (5073, 5, DestinationFlags.None, ""));

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 100);

        Assert.Equal(50, shares[5071]);
        Assert.Equal(50, shares[5072]);
        Assert.Equal(0, shares[5073]);
    }

    [Fact]
    public void Select_InactiveExcluded() =>
        Assert.Equal([5072], _policy.Ports(
            SetBuilder.Build((5071, 10, DestinationFlags.Inactive, ""), (5072, 1, DestinationFlags.None, "")),
            SetBuilder.Seeded()));
}
