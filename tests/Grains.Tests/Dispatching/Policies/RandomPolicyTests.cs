using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class RandomPolicyTests
{
    private readonly RandomPolicy _policy = new();

    [Fact]
    public void Select_OneDown_SplitsEvenlyOverTheLiveOnes()
    {
        var set = SetBuilder.Equal("", "", "", "").WithFlags(5072, DestinationFlags.Inactive);

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 30_000);

        Assert.Equal(0, shares[5072]);
        foreach (var port in new[] { 5071, 5073, 5074 })
        {
            Assert.InRange(shares[port], 9_500, 10_500);
        }
    }

    [Fact]
    public void Select_FailoverList_HoldsEveryLiveDestinationOnce()
    {
        var set = SetBuilder.Equal("", "", "", "").WithFlags(5074, DestinationFlags.Disabled);

        var ports = _policy.Ports(set, SetBuilder.Seeded());

        Assert.Equal([5071, 5072, 5073], ports.Order());
    }
}
