using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashValuePolicyTests
{
    private readonly HashValuePolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioSeven() => Assert.Equal(7, (int)_policy.Algorithm);

    [Theory]
    [InlineData(HashPlacement.Stable, "")]
    [InlineData(HashPlacement.KamailioCompatible, "")]
    [InlineData(HashPlacement.Stable, " \t\r\n")]
    public void Select_EmptyValue_NoDestination(HashPlacement placement, string value)
    {
        var request = new SelectionRequest { HashValue = System.Text.Encoding.ASCII.GetBytes(value) };
        Assert.Empty(HashTestSets.Order(_policy, HashTestSets.Equal(3), request, HashTestSets.Context(placement)));
    }

    [Fact]
    public void Select_KamailioCompatible_PicksKamailioIndex()
    {
        // ds_get_hash("gw-group-7") = 3890267262 in gcc-built Kamailio (KamailioHashTests).
        var request = new SelectionRequest { HashValue = " gw-group-7 "u8 };
        var order = HashTestSets.Order(_policy, HashTestSets.Equal(9), request, HashTestSets.Context(HashPlacement.KamailioCompatible), 1);
        Assert.Equal((int)(3890267262u % 9), Assert.Single(order));
    }

    [Fact]
    public void Select_Stable_RanksByStableHashOfValue()
    {
        var set = HashTestSets.Weighted(50, 30, 20);
        var request = new SelectionRequest { HashValue = "gw-group-7"u8 };
        var order = HashTestSets.Order(_policy, set, request, HashTestSets.Context(HashPlacement.Stable));
        var expected = new int[3];
        RendezvousHash.Select(set, StableHash.Of("gw-group-7"u8), expected);
        Assert.Equal(expected, order);
    }
}
