namespace OrleansLB.Grains.Interfaces.Model;

public class StableHashTests
{
    [Fact]
    public void Of_IsFixedAcrossProcesses()
    {
        // Pinned values: every edge must place a key identically, so this function may never change.
        Assert.Equal(StableHash.Of("sip:127.0.0.1:5071"u8), StableHash.Of("sip:127.0.0.1:5071"));
        Assert.Equal(6734532909090809376UL, StableHash.Of("abc"u8));
    }

    [Fact]
    public void Of_DifferentLengthsAndTails_Differ()
    {
        var seen = new HashSet<ulong>();
        for (var n = 0; n < 40; n++)
        {
            Assert.True(seen.Add(StableHash.Of(new string('a', n))));
        }
    }
}
