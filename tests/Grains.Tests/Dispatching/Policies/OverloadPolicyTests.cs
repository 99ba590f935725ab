namespace OrleansLB.Grains.Dispatching.Policies;

public class OverloadPolicyTests
{
    private readonly OverloadPolicy _policy = new();

    [Fact]
    public void Select_NoOverload_PlainRoundRobin()
    {
        var shares = _policy.Shares(SetBuilder.Equal("", "", ""), SetBuilder.Seeded(), 300);

        Assert.All(shares.Values, count => Assert.Equal(100, count));
    }

    [Fact]
    public void Select_OcRate100_NeverChosen()
    {
        var shares = _policy.Shares(SetBuilder.Equal("ocrate=100", ""), SetBuilder.Seeded(), 100);

        Assert.Equal(0, shares[5071]);
        Assert.Equal(100, shares[5072]);
    }

    [Fact]
    public void Select_OcRate50_ShedsAboutHalfOfItsTurns()
    {
        var shares = _policy.Shares(SetBuilder.Equal("ocrate=50", "ocrate=50"), SetBuilder.Seeded(), 10_000);

        var refused = 10_000 - shares.Values.Sum();
        // Both shed half: a call is refused only when both pass on it (a quarter of calls).
        Assert.InRange(refused, 2_200, 2_800);
    }
}
