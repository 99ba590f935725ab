using OrleansLB.Grains.Dispatching.Hashing;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashToUriPolicyTests
{
    private readonly HashToUriPolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioTwo() => Assert.Equal(2, (int)_policy.Algorithm);

    [Fact]
    public void Select_KamailioCompatible_HashesToUriKeys()
    {
        // ("bob", "biloxi.com:5080") = 1220061292 in gcc-built Kamailio (KamailioHashTests).
        var request = new SelectionRequest { ToUri = "sip:bob@biloxi.com:5080"u8, FromUri = "sip:alice@atlanta.com"u8 };
        var order = HashTestSets.Order(_policy, HashTestSets.Equal(7), request, HashTestSets.Context(HashPlacement.KamailioCompatible), 1);
        Assert.Equal((int)(1220061292u % 7), Assert.Single(order));
    }

    [Fact]
    public void Select_OnlyFromPresent_NoDestination()
    {
        var request = new SelectionRequest { FromUri = "sip:alice@atlanta.com"u8 };
        Assert.Empty(HashTestSets.Order(_policy, HashTestSets.Equal(3), request, HashTestSets.Context(HashPlacement.Stable)));
    }
}
