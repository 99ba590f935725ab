using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class PriorityPolicyTests
{
    private readonly PriorityPolicy _policy = new();

    private static DestinationSet Set() => SetBuilder.Build(
        (5071, 3, DestinationFlags.None, ""),
        (5072, 10, DestinationFlags.None, ""),
        (5073, 5, DestinationFlags.None, ""));

    [Fact]
    public void Select_HighestPriorityValueFirst_ThenDescending() =>
        Assert.Equal([5072, 5073, 5071], _policy.Ports(Set(), SetBuilder.Seeded()));

    [Fact]
    public void Select_BestIsDown_NextPriorityTakesOver() =>
        Assert.Equal([5073, 5071], _policy.Ports(Set().WithFlags(5072, DestinationFlags.Inactive), SetBuilder.Seeded()));

    [Fact]
    public void Select_AlwaysTheSame_NoRotation()
    {
        var context = SetBuilder.Seeded();
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(5072, _policy.Ports(Set(), context)[0]));
    }
}
