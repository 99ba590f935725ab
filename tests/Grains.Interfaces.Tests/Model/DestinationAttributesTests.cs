namespace OrleansLB.Grains.Interfaces.Model;

public class DestinationAttributesTests
{
    [Fact]
    public void TryParse_KnownAndUnknown_TypedAndKeptInOrder()
    {
        Assert.True(DestinationAttributes.TryParse(
            "duid=ast1;weight=50;rweight=20;maxload=30;cc=1;latency=12;socket=udp:127.0.0.1:5060;my=xyz;ping_from=sip:lb@x;prefix=49;ocrate=10",
            out var a,
            out var error));

        Assert.Null(error);
        Assert.Equal("ast1", a.Duid);
        Assert.Equal(50, a.Weight);
        Assert.Equal(20, a.RelativeWeight);
        Assert.Equal(30, a.MaxLoad);
        Assert.True(a.CongestionControl);
        Assert.Equal(12, a.Latency);
        Assert.Equal("udp:127.0.0.1:5060", a.Socket);
        Assert.Equal("sip:lb@x", a.PingFrom);
        Assert.Equal(10, a.OverloadRate);
        Assert.Equal("xyz", a["my"]);
        Assert.Equal("49", a["PREFIX"]);
        Assert.Equal("duid=ast1;weight=50;rweight=20;maxload=30;cc=1;latency=12;socket=udp:127.0.0.1:5060;my=xyz;ping_from=sip:lb@x;prefix=49;ocrate=10", a.ToString());
    }

    [Theory]
    [InlineData("weight=0", 0)]
    [InlineData("weight=101", 0)] // out of Kamailio's 1..100: ignored
    [InlineData("weight=100", 100)]
    [InlineData("weight=-5", 0)]
    public void Weight_OutOfRange_IsZero(string text, int expected)
    {
        Assert.True(DestinationAttributes.TryParse(text, out var a, out _));
        Assert.Equal(expected, a.Weight);
    }

    [Theory]
    [InlineData("weight=abc", "weight")]
    [InlineData("maxload=1.5", "maxload")]
    [InlineData("=5", "no name")]
    public void TryParse_Bad_ErrorNamesTheAttribute(string text, string expected)
    {
        Assert.False(DestinationAttributes.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Equality_ByPairs()
    {
        DestinationAttributes.TryParse("duid=a;weight=1", out var x, out _);
        DestinationAttributes.TryParse("duid=a;weight=1", out var y, out _);
        DestinationAttributes.TryParse("duid=a;weight=2", out var z, out _);

        Assert.Equal(x, y);
        Assert.NotEqual(x, z);
    }
}
