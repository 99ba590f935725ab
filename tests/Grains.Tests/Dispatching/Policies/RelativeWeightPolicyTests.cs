using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class RelativeWeightPolicyTests
{
    private readonly RelativeWeightPolicy _policy = new();

    [Property(MaxTest = 20)]
    public void Select_Shares_WithinOnePointOfRweightOverActive(int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, random.Next(3, 11)).Select(_ => random.Next(1, 101)).ToArray();
        var down = random.Next(weights.Length);
        var set = SetBuilder.Equal(weights.Select(w => $"rweight={w}").ToArray()).WithFlags(5071 + down, DestinationFlags.Inactive);

        var shares = _policy.Shares(set, SetBuilder.Seeded(seed), 100_000);

        var active = (double)(weights.Sum() - weights[down]);
        for (var i = 0; i < weights.Length; i++)
        {
            var expected = i == down ? 0 : weights[i] / active;
            Assert.InRange((shares[5071 + i] / 100_000.0) - expected, -0.01, 0.01);
        }
    }

    [Fact]
    public void Select_ManyDestinations_NoOverweightFirst()
    {
        // kamailio#2698: with more than 25 destinations the 100-slot table gave a quarter of the calls to the first.
        var set = SetBuilder.Equal(Enumerable.Repeat("rweight=1", 40).ToArray());

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 100_000);

        Assert.All(shares.Values, count => Assert.InRange(count, 2_000, 3_000));
    }

    [Fact]
    public void FillWeights_CongestionControl_WeightMinusCongestion()
    {
        var set = SetBuilder.Equal("cc=1;weight=50", "cc=1;weight=50", "rweight=10");
        var congested = set.IndexOf("sip:127.0.0.1:5071");
        set = set.With(congested, set[congested] with { Latency = new LatencyStats(20, 0, 50, 0, 0, 20, 0) });

        Span<int> weights = stackalloc int[3];
        RelativeWeightPolicy.FillWeights(set, weights);

        Assert.Equal(20, weights[congested]);
        Assert.Equal(50, weights[set.IndexOf("sip:127.0.0.1:5072")]);
        Assert.Equal(10, weights[set.IndexOf("sip:127.0.0.1:5073")]);
    }

    [Fact]
    public void FillWeights_AllCongested_InverseOfCongestion()
    {
        var set = SetBuilder.Equal("cc=1;weight=10", "cc=1;weight=10");
        set = set.With(0, set[0] with { Latency = new LatencyStats(10, 0, 30, 0, 0, 20, 0) });
        set = set.With(1, set[1] with { Latency = new LatencyStats(10, 0, 70, 0, 0, 20, 0) });

        Span<int> weights = stackalloc int[2];
        RelativeWeightPolicy.FillWeights(set, weights);

        // Congestion 20 and 60 ms, total 80: (80 << 4) / 20 and (80 << 4) / 60.
        Assert.Equal(64, weights[0]);
        Assert.Equal(21, weights[1]);
    }
}
