using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Hashing;

public sealed class HashPlacerTests
{
    // ds_get_hash("a84b4c76e66710@pc33.atlanta.com") from Kamailio built with gcc (see KamailioHashTests).
    private const uint CallIdHash = 2175018094;

    [Theory]
    [InlineData(new int[0], new[] { 4, 5, 6, 7, 8, 9, 0, 1, 2, 3 })]
    [InlineData(new[] { 4 }, new[] { 5, 6, 7, 8, 9, 0, 1, 2, 3 })]
    [InlineData(new[] { 4, 5, 9 }, new[] { 6, 7, 8, 0, 1, 2, 3 })]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new int[0])]
    public void SelectKamailioCompatible_HashModuloCount_ThenNextActiveAndKamailioFailover(int[] dead, int[] expected)
    {
        var set = HashTestSets.Equal(10);
        foreach (var i in dead)
        {
            set = set.With(i, DestinationFlags.Inactive);
        }

        var order = new int[10];
        var written = HashPlacer.SelectKamailioCompatible(set, CallIdHash, order);
        Assert.Equal(expected, order[..written]);
    }

    [Fact]
    public void SelectKamailioCompatible_LastIndexDead_WrapsToFirst()
    {
        var set = HashTestSets.Equal(3).With(2, DestinationFlags.Disabled);
        var order = new int[3];
        Assert.Equal(2, HashPlacer.SelectKamailioCompatible(set, 5, order));
        Assert.Equal([0, 1], order[..2]);
    }

    [Fact]
    public void Select_KamailioCompatible_PlacesKamailiosHash()
    {
        var order = new int[1];
        HashPlacer.Select(HashTestSets.Equal(7), "a84b4c76e66710@pc33.atlanta.com"u8, default, HashTestSets.Context(HashPlacement.KamailioCompatible), order);
        Assert.Equal((int)(CallIdHash % 7), order[0]);
    }

    [Fact]
    public void StableKey_Parts_OnePartIsItsOwnHashAndPartsDoNotCommute()
    {
        Assert.Equal(StableHash.Of("alice"u8), HashPlacer.StableKey("alice"u8, default));
        Assert.NotEqual(HashPlacer.StableKey("a"u8, "b"u8), HashPlacer.StableKey("b"u8, "a"u8));
        Assert.NotEqual(HashPlacer.StableKey("ab"u8, "c"u8), HashPlacer.StableKey("a"u8, "bc"u8));
    }

    [Property(MaxTest = 200)]
    public void Select_EqualSetsBuiltSeparately_SameOrder(byte[] key, byte[] key2, bool kamailio, PositiveInt size, byte deadMask)
    {
        var count = (size.Get % 12) + 1;
        var context = HashTestSets.Context(kamailio ? HashPlacement.KamailioCompatible : HashPlacement.Stable);
        var a = Build(count, deadMask);
        var b = Build(count, deadMask);
        Assert.NotSame(a, b);
        var orderA = new int[count];
        var orderB = new int[count];
        var writtenA = HashPlacer.Select(a, key, key2, context, orderA);
        var writtenB = HashPlacer.Select(b, key, key2, context, orderB);
        Assert.Equal(orderA[..writtenA], orderB[..writtenB]);
        Assert.All(orderA[..writtenA], i => Assert.True(a[i].IsSelectable));
    }

    [Property(MaxTest = 20)]
    public void SelectKamailioCompatible_OneOfTenDown_WholeShareLandsOnSuccessor(int seed, byte down)
    {
        // The flaw the Stable placement fixes (kamailio#2361): the dead destination's neighbour
        // takes all of its calls, doubling its load, while the others get none.
        const int n = 10;
        var downIndex = down % n;
        var set = HashTestSets.Equal(n);
        var degraded = set.With(downIndex, DestinationFlags.Inactive);
        var random = new Random(seed);
        Span<int> order = stackalloc int[1];
        var movedToSuccessor = 0;
        for (var k = 0; k < 10_000; k++)
        {
            var hash = (uint)random.Next() ^ ((uint)random.Next() << 16);
            HashPlacer.SelectKamailioCompatible(set, hash, order);
            var before = order[0];
            HashPlacer.SelectKamailioCompatible(degraded, hash, order);
            var after = order[0];
            if (before == downIndex)
            {
                Assert.Equal((downIndex + 1) % n, after);
                movedToSuccessor++;
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        Assert.InRange(movedToSuccessor, 800, 1_200);
    }

    private static DestinationSet Build(int count, byte deadMask) =>
        DestinationSet.Create(
            5,
            Enumerable.Range(0, count).Select(i => new Destination(
                $"sip:gw{i}.example.com:5060",
                (deadMask >> (i % 8) & 1) == 1 ? DestinationFlags.Inactive : DestinationFlags.None,
                i % 3,
                DestinationAttributes.FromPairs([new("weight", ((i % 5) + 1).ToString(CultureInfo.InvariantCulture))]))));
}
