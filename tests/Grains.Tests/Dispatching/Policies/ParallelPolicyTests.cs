using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class ParallelPolicyTests
{
    [Fact]
    public void Select_EveryLiveDestination_InSetOrder()
    {
        var set = SetBuilder.Equal("", "", "", "").WithFlags(5073, DestinationFlags.Disabled);

        Assert.Equal([5074, 5072, 5071], new ParallelPolicy().Ports(set, SetBuilder.Seeded()));
    }
}
