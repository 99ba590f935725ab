using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class PriorityWeightPolicyTests
{
    private readonly PriorityWeightPolicy _policy = new();

    private static DestinationSet Set() => SetBuilder.Build(
        (5071, 1, DestinationFlags.None, "weight=75"),
        (5072, 1, DestinationFlags.None, "weight=25"),
        (5073, 2, DestinationFlags.None, ""),
        (5074, 3, DestinationFlags.None, ""));

    [Fact]
    public void Select_LowestPriorityValueGroup_SplitByWeight()
    {
        var shares = _policy.Shares(Set(), SetBuilder.Seeded(), 40_000);

        Assert.InRange(shares[5071], 29_200, 30_800);
        Assert.InRange(shares[5072], 9_200, 10_800);
        Assert.Equal(0, shares[5073] + shares[5074]);
    }

    [Fact]
    public void Select_FailoverList_RestOfGroupThenNextGroups()
    {
        var ports = _policy.Ports(Set(), SetBuilder.Seeded());

        Assert.Equal(4, ports.Length);
        Assert.Equal([5071, 5072], ports[..2].Order());
        Assert.Equal([5073, 5074], ports[2..]);
    }

    [Fact]
    public void Select_BestGroupDown_NextGroupServes()
    {
        var set = Set().WithFlags(5071, DestinationFlags.Inactive).WithFlags(5072, DestinationFlags.Disabled);

        Assert.Equal([5073, 5074], _policy.Ports(set, SetBuilder.Seeded()));
    }

    [Fact]
    public void Select_LimitCutsTheList_KeepsTheBestGroups()
    {
        var set = SetBuilder.Build(
            (5071, 1, DestinationFlags.None, ""),
            (5072, 3, DestinationFlags.None, ""),
            (5073, 2, DestinationFlags.None, ""),
            (5074, 4, DestinationFlags.None, ""));

        Assert.Equal([5071, 5073], _policy.Ports(set, SetBuilder.Seeded(), limit: 2));
        Assert.Equal([5071, 5073, 5072], _policy.Ports(set, SetBuilder.Seeded(), limit: 3));
    }
}
