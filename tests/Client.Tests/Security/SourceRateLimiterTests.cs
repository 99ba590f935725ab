using System.Net;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Security;

public sealed class SourceRateLimiterTests
{
    private static readonly SourceAddress Flooder = SourceAddress.From(IPAddress.Parse("198.51.100.66"));
    private static readonly SourceAddress Phone = SourceAddress.From(IPAddress.Parse("198.51.100.7"));

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Check_UpToTheRate_Allowed()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 10 });

        var verdicts = Enumerable.Range(0, 10).Select(_ => limiter.Check(Flooder).Verdict).ToList();

        Assert.All(verdicts, v => Assert.Equal(RateLimitVerdict.Allow, v));
        Assert.False(limiter.IsBlocked(Flooder));
    }

    [Fact]
    public void Check_OverTheRate_RepliesUpToTheReplyLimitThenDrops()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 10, ReplyLimit = 3, BlockTime = TimeSpan.FromSeconds(30) });
        Exhaust(limiter, Flooder, 10);

        var over = Enumerable.Range(0, 6).Select(_ => limiter.Check(Flooder)).ToList();

        Assert.Equal([RateLimitVerdict.Reply, RateLimitVerdict.Reply, RateLimitVerdict.Reply, RateLimitVerdict.Drop, RateLimitVerdict.Drop, RateLimitVerdict.Drop],
            over.Select(d => d.Verdict));
        Assert.True(over[0].BlockStarted);
        Assert.False(over[1].BlockStarted);
        Assert.Equal(30, over[0].RetryAfterSeconds);
    }

    [Fact]
    public void Check_DropAction_NeverReplies()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 2, Action = RateLimitAction.Drop });
        Exhaust(limiter, Flooder, 2);

        Assert.Equal(RateLimitVerdict.Drop, limiter.Check(Flooder).Verdict);
    }

    [Fact]
    public void Check_BlockedSource_StaysBlockedForTheBlockTimeThenAllowed()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5, BlockTime = TimeSpan.FromSeconds(60), ReplyLimit = 0 });
        Exhaust(limiter, Flooder, 6);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(RateLimitVerdict.Drop, limiter.Check(Flooder).Verdict);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(RateLimitVerdict.Allow, limiter.Check(Flooder).Verdict);
    }

    [Fact]
    public void Check_FloodGoesOn_BlockRenewed()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5, BlockTime = TimeSpan.FromSeconds(10), ReplyLimit = 0 });
        Exhaust(limiter, Flooder, 6);
        for (var second = 0; second < 30; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Exhaust(limiter, Flooder, 6);
        }

        _clock.Advance(TimeSpan.FromSeconds(9));

        Assert.True(limiter.IsBlocked(Flooder));
    }

    [Fact]
    public void Check_NewWindow_CountStartsAgain()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5, Window = TimeSpan.FromSeconds(2) });
        Exhaust(limiter, Phone, 5);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var verdicts = Enumerable.Range(0, 5).Select(_ => limiter.Check(Phone).Verdict);

        Assert.All(verdicts, v => Assert.Equal(RateLimitVerdict.Allow, v));
    }

    [Fact]
    public void Check_OneSourceBlocked_OthersUnaffected()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5 });
        Exhaust(limiter, Flooder, 50);

        Assert.Equal(RateLimitVerdict.Allow, limiter.Check(Phone).Verdict);
        Assert.True(limiter.IsBlocked(Flooder));
    }

    [Fact]
    public void Check_IPv6_CountedPerPrefix()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5, IPv6PrefixLength = 64 });
        for (var host = 1; host <= 6; host++)
        {
            limiter.Check(SourceAddress.From(IPAddress.Parse($"2001:db8:1:2::{host:x}")));
        }

        Assert.True(limiter.IsBlocked(SourceAddress.From(IPAddress.Parse("2001:db8:1:2::ffff"))));
        Assert.False(limiter.IsBlocked(SourceAddress.From(IPAddress.Parse("2001:db8:1:3::1"))));
    }

    [Fact]
    public void Check_IPv4MappedSource_SameAsIPv4()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 1 });
        limiter.Check(SourceAddress.From(IPAddress.Parse("198.51.100.66")));
        limiter.Check(SourceAddress.From(IPAddress.Parse("::ffff:198.51.100.66")));

        Assert.True(limiter.IsBlocked(Flooder));
    }

    [Fact]
    public void Check_ManySpoofedSources_TableStaysBoundedAndBlockedFlooderIsKept()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 5, MaxSources = 64 });
        Exhaust(limiter, Flooder, 10);

        for (var i = 0; i < 100_000; i++)
        {
            limiter.Check(SourceAddress.From(new IPAddress(BitConverter.GetBytes(0x0A000000 + i))));
        }

        Assert.Equal(64, limiter.Capacity);
        Assert.True(limiter.IsBlocked(Flooder));
    }

    [Fact]
    public void Check_DoesNotAllocate()
    {
        var limiter = Limiter(new RateLimitOptions { Requests = 1000 });

        // CheckMany takes every path (allowed, over the rate, blocked).
        Allocations.AssertNonePerCall(10_000, () => CheckMany(limiter));
    }

    private static void CheckMany(SourceRateLimiter limiter)
    {
        for (var i = 0; i < 10_000; i++)
        {
            limiter.Check((i & 1) == 0 ? Phone : Flooder);
        }
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => new SourceRateLimiter(new RateLimitOptions { Requests = 0, MaxSources = 1, Window = TimeSpan.Zero }));

        Assert.Contains("Sip:RateLimit:Requests is 0", e.Message);
        Assert.Contains("Sip:RateLimit:MaxSources is 1", e.Message);
        Assert.Contains("Sip:RateLimit:Window", e.Message);
    }

    private SourceRateLimiter Limiter(RateLimitOptions options) => new(options, _clock);

    private static void Exhaust(SourceRateLimiter limiter, SourceAddress source, int count)
    {
        for (var i = 0; i < count; i++)
        {
            limiter.Check(source);
        }
    }
}
