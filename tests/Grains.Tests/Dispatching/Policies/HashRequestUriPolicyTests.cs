using OrleansLB.Grains.Dispatching.Hashing;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashRequestUriPolicyTests
{
    private readonly HashRequestUriPolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioThree() => Assert.Equal(3, (int)_policy.Algorithm);

    [Fact]
    public void Select_KamailioCompatible_HashesHostToo()
    {
        // Kamailio's doc says "user", but get_uri_hash_keys adds host:port: ("", "[2001:db8::1]:5070")
        // = 491869759 in gcc-built Kamailio (KamailioHashTests).
        var request = new SelectionRequest { RequestUri = "sip:[2001:db8::1]:5070;transport=tcp"u8 };
        var order = HashTestSets.Order(_policy, HashTestSets.Equal(10), request, HashTestSets.Context(HashPlacement.KamailioCompatible), 1);
        Assert.Equal((int)(491869759u % 10), Assert.Single(order));
    }

    [Fact]
    public void Select_Stable_DifferentHostsSameUser_KeyedByHost()
    {
        var set = HashTestSets.Equal(10);
        var context = HashTestSets.Context(HashPlacement.Stable);
        var expected = HashTestSets.Pick(set, HashPlacer.StableKey("1000"u8, "pbx.example.com"u8));
        var request = new SelectionRequest { RequestUri = "sip:1000@pbx.example.com"u8 };
        Assert.Equal(expected, HashTestSets.Order(_policy, set, request, context)[0]);
    }
}
