using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching.Policies;

public class CallLoadPolicyTests
{
    private readonly CallLoadPolicy _policy = new();

    [Fact]
    public void Select_LeastLoadedWins_TiesToFirstInSetOrder()
    {
        var set = SetBuilder.Equal("duid=a", "duid=b", "duid=c");
        // Set order is c, b, a (equal priorities, last line first).
        Assert.Equal(5072, _policy.Ports(set, SetBuilder.Seeded(), loads: [3, 1, 2])[0]);
        Assert.Equal(5073, _policy.Ports(set, SetBuilder.Seeded(), loads: [1, 1, 1])[0]);
    }

    [Fact]
    public void Select_AtMaxload_LeftOutOfChoiceAndFailover()
    {
        var set = SetBuilder.Equal("maxload=2", "maxload=5", "");
        var loads = new int[3];
        loads[set.IndexOf("sip:127.0.0.1:5071")] = 2;
        loads[set.IndexOf("sip:127.0.0.1:5072")] = 5;
        loads[set.IndexOf("sip:127.0.0.1:5073")] = 9;

        Assert.Equal([5073], _policy.Ports(set, SetBuilder.Seeded(), loads: loads));
    }

    [Fact]
    public void Select_EveryoneAtMaxload_ReturnsNothing() =>
        Assert.Empty(_policy.Ports(SetBuilder.Equal("maxload=1", "maxload=1"), SetBuilder.Seeded(), loads: [1, 1]));

    [Fact]
    public void Select_NotInvite_FirstEntryWithoutCountingLoad()
    {
        var set = SetBuilder.Equal("", "", "");

        Assert.Equal(set.PortAt(0), _policy.Ports(set, SetBuilder.Seeded(), loads: [9, 0, 0], invite: false)[0]);
    }

    [Fact]
    public void Select_InactiveLeastLoaded_Skipped()
    {
        var set = SetBuilder.Equal("", "").WithFlags(5072, DestinationFlags.Inactive);
        var loads = new int[2];
        loads[set.IndexOf("sip:127.0.0.1:5071")] = 10;

        Assert.Equal([5071], _policy.Ports(set, SetBuilder.Seeded(), loads: loads));
    }

    /// <summary>Starting calls one by one through the policy never takes anyone past maxload, and each pick is least-loaded.</summary>
    [Property(MaxTest = 100)]
    public void Select_RepeatedStarts_NeverPastMaxloadAndAlwaysLeastLoaded(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 8);
        var set = SetBuilder.Equal(Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? "" : $"maxload={random.Next(1, 20)}").ToArray());
        var loads = Enumerable.Range(0, n).Select(_ => random.Next(0, 5)).ToArray();
        Span<int> order = stackalloc int[n];

        for (var call = 0; call < 200; call++)
        {
            var got = _policy.Select(set, new SelectionRequest { IsInvite = true, CallLoads = loads }, SetBuilder.Seeded(), order);
            var withRoom = Enumerable.Range(0, n).Where(i => set[i].Attributes.MaxLoad == 0 || loads[i] < set[i].Attributes.MaxLoad).ToArray();
            if (withRoom.Length == 0)
            {
                Assert.Equal(0, got);
                continue;
            }

            Assert.Equal(withRoom.Min(i => loads[i]), loads[order[0]]);
            Assert.Equal(withRoom.Length, got);
            loads[order[0]]++;
            Assert.True(set[order[0]].Attributes.MaxLoad == 0 || loads[order[0]] <= set[order[0]].Attributes.MaxLoad);
        }
    }
}
