using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Configuration;

public class SipConfigurationTests
{
    [Theory]
    [InlineData("udp:127.0.0.1:5060", "Udp", "127.0.0.1", 5060, null, null)]
    [InlineData("tcp:[::1]:5070", "Tcp", "::1", 5070, null, null)]
    [InlineData("udp:0.0.0.0", "Udp", "0.0.0.0", 5060, null, null)]
    [InlineData("udp:10.0.0.5:5060 advertise 203.0.113.7:5080", "Udp", "10.0.0.5", 5060, "203.0.113.7", 5080)]
    [InlineData("TCP:10.0.0.5:5060 advertise sip.example.com", "Tcp", "10.0.0.5", 5060, "sip.example.com", null)]
    public void TryParseListen_KamailioListenLines(string text, string transport, string address, int port, string? host, int? advertisedPort)
    {
        Assert.True(SipConfiguration.TryParseListen(text, out var listener, out var problem), problem);
        Assert.Equal(new SipListenerOptions(Enum.Parse<SipTransportKind>(transport), IPAddress.Parse(address), port) { AdvertisedHost = host, AdvertisedPort = advertisedPort }, listener);
    }

    [Theory]
    [InlineData("127.0.0.1:5060", "does not start with a transport")]
    [InlineData("sctp:127.0.0.1:5060", "does not start with a transport")]
    [InlineData("udp:example.com:5060", "is not an IP address")]
    [InlineData("udp:127.0.0.1:99999", "is not an IP address")]
    [InlineData("udp:127.0.0.1:5060 announce x", "is not a listen line")]
    public void TryParseListen_Bad_SaysWhatIsWrong(string text, string expected)
    {
        Assert.False(SipConfiguration.TryParseListen(text, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Read_LinesAndObjects_WithErrorsNamedByKey()
    {
        var errors = new List<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sip:Listeners:0"] = "udp:127.0.0.1:5060",
            ["Sip:Listeners:1:Transport"] = "tcp",
            ["Sip:Listeners:1:Address"] = "127.0.0.1",
            ["Sip:Listeners:1:Port"] = "5061",
            ["Sip:Listeners:2"] = "udp:nowhere",
            ["Sip:UdpReceiveBufferSize"] = "lots",
        }).Build();

        var options = SipConfiguration.Read(configuration, errors);

        Assert.Equal(2, options.Listeners.Count);
        Assert.Equal(SipTransportKind.Tcp, options.Listeners[1].Transport);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Sip:Listeners:2: ", errors[0]);
        Assert.StartsWith("Sip:UdpReceiveBufferSize: 'lots' is not a whole number", errors[1]);
    }
}
