using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class WeightPolicyTests
{
    private readonly WeightPolicy _policy = new();

    [Property(MaxTest = 20)]
    public void Select_Shares_WithinOnePointOfTheWeights(int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, random.Next(2, 11)).Select(_ => random.Next(1, 101)).ToArray();
        var set = SetBuilder.Equal(weights.Select(w => $"weight={w}").ToArray());

        var shares = _policy.Shares(set, SetBuilder.Seeded(seed), 100_000);

        var total = (double)weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.InRange((shares[5071 + i] / 100_000.0) - (weights[i] / total), -0.01, 0.01);
        }
    }

    [Fact]
    public void Select_OneDown_ItsShareIsSpreadByWeight()
    {
        var set = SetBuilder.Equal("weight=50", "weight=30", "weight=20").WithFlags(5071, DestinationFlags.Inactive);

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 100_000);

        Assert.Equal(0, shares[5071]);
        Assert.InRange(shares[5072], 59_000, 61_000);
        Assert.InRange(shares[5073], 39_000, 41_000);
    }

    [Fact]
    public void Select_NoWeights_EvenSplit()
    {
        var shares = _policy.Shares(SetBuilder.Equal("", ""), SetBuilder.Seeded(), 20_000);

        Assert.InRange(shares[5071], 9_500, 10_500);
    }

    [Fact]
    public void Select_ZeroWeightBesideWeighted_NeverChosen()
    {
        var shares = _policy.Shares(SetBuilder.Equal("weight=10", "weight=0"), SetBuilder.Seeded(), 1_000);

        Assert.Equal(0, shares[5072]);
    }
}
