using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashCallIdPolicyTests
{
    private readonly HashCallIdPolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioZero() => Assert.Equal(0, (int)_policy.Algorithm);

    [Fact]
    public void Select_KamailioCompatible_PicksKamailioHashModuloCountThenNeighbours()
    {
        // ds_get_hash of this Call-ID is 2175018094 in Kamailio built with gcc (KamailioHashTests): 2175018094 % 10 = 4.
        var request = new SelectionRequest { CallId = "a84b4c76e66710@pc33.atlanta.com"u8 };
        var context = HashTestSets.Context(HashPlacement.KamailioCompatible);
        var set = HashTestSets.Equal(10);
        Assert.Equal([4, 5, 6], HashTestSets.Order(_policy, set, request, context, 3));
        Assert.Equal([5, 6, 7], HashTestSets.Order(_policy, set.With(4, DestinationFlags.Inactive), request, context, 3));
    }

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Select_CallIdWithSurroundingWhitespace_SameAsTrimmed(HashPlacement placement)
    {
        var set = HashTestSets.Equal(10);
        var context = HashTestSets.Context(placement);
        for (var k = 0; k < 20; k++)
        {
            var callId = System.Text.Encoding.ASCII.GetBytes($"{k}f81d4fae@10.0.0.1");
            var padded = System.Text.Encoding.ASCII.GetBytes($" \t{k}f81d4fae@10.0.0.1\r\n");
            Assert.Equal(
                HashTestSets.Order(_policy, set, new SelectionRequest { CallId = callId }, context),
                HashTestSets.Order(_policy, set, new SelectionRequest { CallId = padded }, context));
        }
    }

    [Fact]
    public void Select_Stable_RanksByStableHashOfCallId()
    {
        var set = HashTestSets.Equal(10);
        var request = new SelectionRequest { CallId = "3848276298220188511@127.0.0.1"u8 };
        var order = HashTestSets.Order(_policy, set, request, HashTestSets.Context(HashPlacement.Stable), 1);
        Assert.Equal(HashTestSets.Pick(set, StableHash.Of("3848276298220188511@127.0.0.1"u8)), Assert.Single(order));
    }
}
