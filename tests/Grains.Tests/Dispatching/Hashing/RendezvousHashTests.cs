using FsCheck;
using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Hashing;

public sealed class RendezvousHashTests
{
    [Theory]
    [InlineData(DestinationFlags.Inactive)]
    [InlineData(DestinationFlags.Disabled)]
    public void Select_ChosenDestinationDown_KeyMovesToItsFirstFailover(DestinationFlags down)
    {
        var set = HashTestSets.Equal(5);
        for (var k = 0; k < 50; k++)
        {
            var key = StableHash.Of($"call-{k}");
            var before = Order(set, key, 5);
            var after = Order(set.With(before[0], down), key, 5);
            Assert.Equal(before[1..], after);
        }
    }

    [Fact]
    public void Select_ChosenDestinationTrying_StillChosen()
    {
        var set = HashTestSets.Equal(5);
        var key = StableHash.Of("call-1");
        var chosen = HashTestSets.Pick(set, key);
        Assert.Equal(chosen, HashTestSets.Pick(set.With(chosen, DestinationFlags.Trying | DestinationFlags.Probing), key));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    [InlineData(20, 10)]
    public void Select_Limit_WritesAtMostLimitDistinctIndexes(int limit, int expected)
    {
        var order = Order(HashTestSets.Equal(10), StableHash.Of("k"), limit);
        Assert.Equal(expected, order.Length);
        Assert.Equal(expected, order.Distinct().Count());
    }

    [Fact]
    public void Select_NothingSelectable_ReturnsZero()
    {
        var set = HashTestSets.Equal(2).With(0, DestinationFlags.Inactive).With(1, DestinationFlags.Disabled);
        Assert.Empty(Order(set, 42, 2));
        Assert.Empty(Order(HashTestSets.Equal(0), 42, 2));
        Assert.Equal(0, RendezvousHash.Select(HashTestSets.Equal(3), 42, Span<int>.Empty));
    }

    [Fact]
    public void Select_MoreThan64Destinations_RanksEveryActiveOneWithTheSingleWinnerFirst()
    {
        var set = HashTestSets.Equal(100).With(7, DestinationFlags.Inactive);
        for (var k = 0; k < 20; k++)
        {
            var key = StableHash.Of($"call-{k}");
            var order = Order(set, key, 100);
            Assert.Equal(99, order.Distinct().Count());
            Assert.DoesNotContain(7, order);
            Assert.Equal(HashTestSets.Pick(set, key), order[0]);
        }
    }

    [Fact]
    public void Select_UpTo64Destinations_DoesNotAllocate()
    {
        var equal = HashTestSets.Equal(64);
        var weighted = HashTestSets.Weighted(50, 30, 20);
        var order = new int[64];

        OrleansLB.Client.Allocations.AssertNonePerCall(3_000, () =>
        {
            for (var k = 0UL; k < 1_000; k++)
            {
                RendezvousHash.Select(equal, k, order);
                RendezvousHash.Select(equal, k, order.AsSpan(0, 1));
                RendezvousHash.Select(weighted, k, order);
            }
        });
    }

    [Fact]
    public void Select_WeightedWithLightOneDown_OthersKeepTheirRelativeOrder()
    {
        // Alive, the set ranks by w / -ln(u); with the light one down the weights are equal and
        // the shortcut ranks by the raw hash: both must agree.
        var set = HashTestSets.Weighted(50, 50, 50, 10);
        var light = set.Destinations.IndexOf(set.Destinations.Single(d => d.Attributes.Weight == 10));
        for (var k = 0; k < 200; k++)
        {
            var key = StableHash.Of($"call-{k}");
            var alive = Order(set, key, 4).Where(i => i != light);
            Assert.Equal(alive, Order(set.With(light, DestinationFlags.Inactive), key, 4));
        }
    }

    [Property(MaxTest = 200)]
    public void Select_FailoverList_IsWhereTheKeyGoesWhenEarlierOnesAreDown(ulong key)
    {
        var set = HashTestSets.Weighted(40, 25, 15, 10, 10);
        var order = Order(set, key, 5);
        Assert.Equal(5, order.Length);
        for (var k = 1; k < order.Length; k++)
        {
            set = set.With(order[k - 1], DestinationFlags.Inactive);
            Assert.Equal(order[k], HashTestSets.Pick(set, key));
        }
    }

    [Property(MaxTest = 20)]
    public void Select_OneOfTenDown_OnlyItsKeysMoveAndSpreadEvenly(int seed, byte down)
    {
        const int n = 10;
        const int keys = 10_000;
        var downIndex = down % n;
        var set = HashTestSets.Equal(n);
        var degraded = set.With(downIndex, DestinationFlags.Inactive);
        var random = new Random(seed);
        var movedTo = new int[n];
        var moved = 0;
        for (var k = 0; k < keys; k++)
        {
            var key = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            var before = HashTestSets.Pick(set, key);
            var after = HashTestSets.Pick(degraded, key);
            if (before == downIndex)
            {
                moved++;
                movedTo[after]++;
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        Assert.Equal(0, movedTo[downIndex]);
        for (var i = 0; i < n; i++)
        {
            if (i != downIndex)
            {
                Assert.InRange((double)movedTo[i] / moved, (1.0 / (n - 1)) - 0.05, (1.0 / (n - 1)) + 0.05);
            }
        }
    }

    [Property(MaxTest = 5)]
    public void Select_Weights503020_SharesWithinOnePoint(int seed)
    {
        const int keys = 100_000;
        var set = HashTestSets.Weighted(50, 30, 20);
        var random = new Random(seed);
        var hits = new int[set.Count];
        for (var k = 0; k < keys; k++)
        {
            hits[HashTestSets.Pick(set, (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63))]++;
        }

        for (var i = 0; i < set.Count; i++)
        {
            Assert.InRange((double)hits[i] / keys, (set[i].Attributes.Weight / 100.0) - 0.01, (set[i].Attributes.Weight / 100.0) + 0.01);
        }
    }

    private static int[] Order(DestinationSet set, ulong key, int limit)
    {
        var order = new int[limit];
        return order[..RendezvousHash.Select(set, key, order)];
    }
}
