using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class RoundRobinPolicyTests
{
    private readonly RoundRobinPolicy _policy = new();

    [Fact]
    public void Select_AllActive_TakesTurnsInSetOrder()
    {
        var set = SetBuilder.Equal("", "", "");
        var context = SetBuilder.Seeded();

        var firsts = Enumerable.Range(0, 6).Select(_ => _policy.Ports(set, context)[0]).ToArray();

        // Equal priorities: the last line of the list comes first, as in Kamailio.
        Assert.Equal([5073, 5072, 5071, 5073, 5072, 5071], firsts);
    }

    [Fact]
    public void Select_FailoverList_IsTheOthersAfterTheChosenWrapping()
    {
        var set = SetBuilder.Equal("", "", "");
        var context = SetBuilder.Seeded();
        _policy.Ports(set, context);

        Assert.Equal([5072, 5071, 5073], _policy.Ports(set, context));
    }

    [Fact]
    public void Select_OneDown_SuccessorDoesNotGetTwoTurns()
    {
        var set = SetBuilder.Equal("", "", "").WithFlags(5072, DestinationFlags.Inactive);

        var shares = _policy.Shares(set, SetBuilder.Seeded(), 300);

        Assert.Equal(0, shares[5072]);
        Assert.Equal(150, shares[5071]);
        Assert.Equal(150, shares[5073]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Select_Limit_CapsTheList(int limit) =>
        Assert.Equal(limit, _policy.Ports(SetBuilder.Equal("", "", ""), SetBuilder.Seeded(), limit).Length);

    [Fact]
    public void Select_AllDownOrDisabled_ReturnsNothing()
    {
        var set = SetBuilder.Equal("", "")
            .WithFlags(5071, DestinationFlags.Inactive)
            .WithFlags(5072, DestinationFlags.Disabled);

        Assert.Empty(_policy.Ports(set, SetBuilder.Seeded()));
    }

    [Fact]
    public void Select_Trying_IsStillSelected() =>
        Assert.Equal([5071], _policy.Ports(SetBuilder.Equal("").WithFlags(5071, DestinationFlags.Trying), SetBuilder.Seeded()));

    [Fact]
    public void Select_SetShrinksUnderThePosition_KeepsRotating()
    {
        var context = SetBuilder.Seeded();
        var five = SetBuilder.Equal("", "", "", "", "");
        for (var i = 0; i < 4; i++)
        {
            _policy.Ports(five, context);
        }

        var two = SetBuilder.Equal("", "");
        var firsts = Enumerable.Range(0, 4).Select(_ => _policy.Ports(two, context)[0]).ToArray();

        Assert.Equal(2, firsts.Distinct().Count());
        Assert.NotEqual(firsts[0], firsts[1]);
    }
}
