using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Sip.Proxy;

namespace OrleansLB.Client.Configuration;

public sealed class ProxyConfigurationTests
{
    [Fact]
    public void Read_NoRelayKeys_DestinationsOnly()
    {
        var options = ProxyConfiguration.Read(Configuration([]), []);

        Assert.Equal(ProxyRelayPolicy.Destinations, options.Relay);
        Assert.Empty(options.RelayPeers);
    }

    [Fact]
    public void Read_RelayKeys_Read()
    {
        var errors = new List<string>();

        var options = ProxyConfiguration.Read(Configuration(new()
        {
            ["Proxy:Relay"] = "open",
            ["Proxy:RelayPeers:0"] = "10.1.0.0/16",
            ["Proxy:RelayPeers:1"] = "2001:db8::/48",
        }), errors);

        Assert.Empty(errors);
        Assert.Equal(ProxyRelayPolicy.Open, options.Relay);
        Assert.Equal(["10.1.0.0/16", "2001:db8::/48"], options.RelayPeers.Select(n => n.ToString()));
    }

    [Fact]
    public void Read_BadRelayKeys_NamedByKey()
    {
        var errors = new List<string>();

        ProxyConfiguration.Read(Configuration(new()
        {
            ["Proxy:Relay"] = "anywhere",
            ["Proxy:RelayPeers:0"] = "10.1.0.1/16",
        }), errors);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Proxy:Relay: 'anywhere' is not one of Destinations, Open", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Proxy:RelayPeers:0: '10.1.0.1/16' has bits set", errors[1], StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
