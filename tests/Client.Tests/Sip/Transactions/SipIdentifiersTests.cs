using System.Text;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipIdentifiersTests
{
    [Fact]
    public void NewBranch_HasTheMagicCookieAndIsUnique()
    {
        var branches = Enumerable.Range(0, 1000).Select(_ => SipIdentifiers.NewBranch()).ToHashSet();

        Assert.Equal(1000, branches.Count);
        Assert.All(branches, b => Assert.StartsWith("z9hG4bK", b));
    }

    [Fact]
    public void NewBranch_BothKinds_EndInSixtyFourRandomBits()
    {
        var suffixes = Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? SipIdentifiers.NewBranch() : SipIdentifiers.NewBranch(7)).Split('.')[^1]).ToList();

        Assert.All(suffixes, s => Assert.Matches("^[0-9a-f]{16}$", s));
        Assert.Equal(1000, suffixes.Distinct().Count());
    }

    [Fact]
    public void NewBranchWithLoopHash_IsRecognisedOnlyWithThatHash()
    {
        var branch = Encoding.ASCII.GetBytes(SipIdentifiers.NewBranch(0xdeadbeef));

        Assert.True(SipIdentifiers.HasLoopHash(branch, 0xdeadbeef));
        Assert.False(SipIdentifiers.HasLoopHash(branch, 0xdeadbeee));
        Assert.False(SipIdentifiers.HasLoopHash(Encoding.ASCII.GetBytes(SipIdentifiers.NewBranch()), 0xdeadbeef));
    }

    [Fact]
    public void StatelessBranch_SameInputSameBranch_OtherInputOtherBranch()
    {
        var a = SipIdentifiers.StatelessBranch(7, "z9hG4bKone"u8);

        Assert.Equal(a, SipIdentifiers.StatelessBranch(7, "z9hG4bKone"u8));
        Assert.NotEqual(a, SipIdentifiers.StatelessBranch(7, "z9hG4bKtwo"u8));
        Assert.True(SipIdentifiers.HasLoopHash(Encoding.ASCII.GetBytes(a), 7));
    }
}
