namespace OrleansLB.Client.Sip.Proxy;

public sealed class ProxyOptionsTests
{
    [Fact]
    public void Default_IsValidWithKamailioLikeDefaults()
    {
        var options = new ProxyOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(404, options.RegisterResponseCode);
        Assert.Equal("No registrar", options.RegisterResponseReason);
        Assert.Equal(TimeSpan.FromSeconds(5), options.FailoverTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), options.RingTimeout);
        Assert.Equal(70, options.MaxForwards);
        Assert.True(options.RecordRoute);
        Assert.Equal(ProxyDefaultTransport.Udp, options.DefaultTransport);
    }

    [Fact]
    public void Validate_EveryBadValue_NamedByItsKey()
    {
        var errors = new ProxyOptions
        {
            AdvertisedUdp = new ProxyAdvertisedAddress("bad host", 0),
            DefaultTransport = (ProxyDefaultTransport)9,
            RegisterResponseCode = 200,
            FailoverTimeout = TimeSpan.Zero,
            RingTimeout = TimeSpan.FromHours(1),
            MaxForwards = 0,
            HashValueHeader = "X: y",
        }.Validate();

        foreach (var key in new[] { "AdvertisedUdp:Host", "AdvertisedUdp:Port", "DefaultTransport", "RegisterResponseCode", "FailoverTimeout", "RingTimeout", "MaxForwards", "HashValueHeader" })
        {
            Assert.Contains(errors, e => e.StartsWith($"Proxy:{key} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_RegisterResponseOff_NeedsNoReason()
        => Assert.Empty(new ProxyOptions { RegisterResponseCode = 0, RegisterResponseReason = "" }.Validate());

    [Fact]
    public void Proxy_InvalidOptions_Throws()
    {
        using var h = new ProxyHarness();

        Assert.Throws<ArgumentException>(() => new SipProxy(new ProxyOptions { MaxForwards = 0 }, h.Proxy.Routing, h.State, h.Transactions.Layer));
    }
}
