using System.Text;
using OrleansLB.Grains.Dispatching.Hashing;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public sealed class HashFromUriPolicyTests
{
    private readonly HashFromUriPolicy _policy = new();

    [Fact]
    public void Algorithm_IsKamailioOne() => Assert.Equal(1, (int)_policy.Algorithm);

    // Expected hashes: Kamailio's ds_get_hash built with gcc (KamailioHashTests) on the keys
    // get_uri_hash_keys forms: ("alice", "atlanta.com") = 1053853112, ("bob", "biloxi.com:5080") = 1220061292.
    [Theory]
    [InlineData("sip:alice@atlanta.com", 1053853112u)]
    [InlineData("<sip:alice@atlanta.com:5060;transport=udp>", 1053853112u)]
    [InlineData("sip:alice:secret@atlanta.com", 1053853112u)]
    [InlineData("sip:bob@biloxi.com:5080;transport=tcp", 1220061292u)]
    public void Select_KamailioCompatible_PicksKamailioIndex(string from, uint kamailioHash)
    {
        var order = Select(from, HashPlacement.KamailioCompatible);
        Assert.Equal((int)(kamailioHash % 10), order[0]);
    }

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Select_DefaultPortWrittenOrNot_SamePick(HashPlacement placement)
    {
        for (var k = 0; k < 30; k++)
        {
            Assert.Equal(Select($"sip:user{k}@example.com", placement), Select($"sip:user{k}@example.com:5060", placement));
            Assert.Equal(Select($"sips:user{k}@example.com", placement), Select($"sips:user{k}@example.com:5061", placement));
        }
    }

    [Fact]
    public void Select_Stable_HashesUserAndHostPortLikeKamailiosKey()
    {
        var set = HashTestSets.Equal(10);
        var expected = HashTestSets.Pick(set, HashPlacer.StableKey("bob"u8, "biloxi.com:5080"u8));
        Assert.Equal(expected, Select("sip:bob@biloxi.com:5080;lr", HashPlacement.Stable)[0]);
    }

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Select_UserOnly_HostAndPortIgnored(HashPlacement placement)
    {
        for (var k = 0; k < 30; k++)
        {
            Assert.Equal(
                Select($"sip:user{k}@a.example.com", placement, userOnly: true),
                Select($"sips:user{k}@b.example.com:5080", placement, userOnly: true));
        }
    }

    [Fact]
    public void Select_UserOnly_KamailioHashOfUserAlone()
    {
        // ds_get_hash("alice") = 1834153949 (gcc-built Kamailio, KamailioHashTests).
        Assert.Equal((int)(1834153949u % 10), Select("sip:alice@atlanta.com:5080", HashPlacement.KamailioCompatible, userOnly: true)[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice@atlanta.com")]
    [InlineData("sip:alice@")]
    public void Select_UnparsableFrom_NoDestination(string from)
    {
        Assert.Empty(Select(from, HashPlacement.Stable));
        Assert.Empty(Select(from, HashPlacement.KamailioCompatible));
    }

    [Fact]
    public void Select_OtherUrisBroken_ReadsOnlyFrom()
    {
        var request = new SelectionRequest { FromUri = "sip:alice@atlanta.com"u8, ToUri = "x"u8, RequestUri = "y"u8 };
        Assert.NotEmpty(HashTestSets.Order(_policy, HashTestSets.Equal(3), request, HashTestSets.Context(HashPlacement.Stable)));
    }

    private int[] Select(string from, HashPlacement placement, bool userOnly = false) =>
        HashTestSets.Order(
            _policy,
            HashTestSets.Equal(10),
            new SelectionRequest { FromUri = Encoding.UTF8.GetBytes(from) },
            HashTestSets.Context(placement, userOnly));
}
