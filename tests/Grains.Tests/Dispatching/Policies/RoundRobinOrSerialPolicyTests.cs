using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class RoundRobinOrSerialPolicyTests
{
    private readonly RoundRobinOrSerialPolicy _policy = new();

    [Fact]
    public void Select_SamePositivePriority_RoundRobin()
    {
        var set = SetBuilder.Build((5071, 5, DestinationFlags.None, ""), (5072, 5, DestinationFlags.None, ""));

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 10);

        Assert.Equal(5, shares[5071]);
    }

    [Theory]
    [InlineData(0, 0)] // same priority but not above 0: serial
    [InlineData(5, 3)]
    public void Select_OtherwiseSerial(int first, int second)
    {
        var set = SetBuilder.Build((5071, first, DestinationFlags.None, ""), (5072, second, DestinationFlags.None, ""));

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 10);

        Assert.Contains(10, shares.Values);
    }
}
