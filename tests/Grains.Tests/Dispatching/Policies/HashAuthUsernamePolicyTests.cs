using OrleansLB.Grains.Dispatching.Hashing;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashAuthUsernamePolicyTests
{
    private readonly HashAuthUsernamePolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioFive() => Assert.Equal(5, (int)_policy.Algorithm);

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Select_NoUsername_RoundRobin(HashPlacement placement)
    {
        var set = HashTestSets.Equal(3);
        var context = HashTestSets.Context(placement);
        var picks = Enumerable.Range(0, 6).Select(_ => HashTestSets.Order(_policy, set, default, context, 1)[0]);
        Assert.Equal([0, 1, 2, 0, 1, 2], picks);
    }

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Select_Username_SamePickEveryTimeAndRoundRobinUntouched(HashPlacement placement)
    {
        var set = HashTestSets.Equal(10);
        var context = HashTestSets.Context(placement);
        var first = HashTestSets.Order(_policy, set, new SelectionRequest { AuthUsername = "alice"u8 }, context);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(first, HashTestSets.Order(_policy, set, new SelectionRequest { AuthUsername = " alice\t"u8 }, context));
        }

        Assert.Equal(0, context.RoundRobinPosition);
    }

    [Fact]
    public void Select_KamailioCompatible_HashesUsernameOnly()
    {
        // ds_get_hash("alice") = 1834153949 in gcc-built Kamailio (KamailioHashTests).
        var request = new SelectionRequest { AuthUsername = "alice"u8 };
        var order = HashTestSets.Order(_policy, HashTestSets.Equal(10), request, HashTestSets.Context(HashPlacement.KamailioCompatible), 1);
        Assert.Equal((int)(1834153949u % 10), Assert.Single(order));
    }
}
