using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Security;
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

    [Fact]
    public void Read_RateLimitAndScanners_FromTheirKeys()
    {
        var errors = new List<string>();

        var options = SipConfiguration.Read(Configuration(new()
        {
            ["Sip:RateLimit:Requests"] = "20",
            ["Sip:RateLimit:Window"] = "2s",
            ["Sip:RateLimit:BlockTime"] = "5m",
            ["Sip:RateLimit:Action"] = "drop",
            ["Sip:RateLimit:ReplyLimit"] = "0",
            ["Sip:RateLimit:Exempt:0"] = "203.0.113.0/24",
            ["Sip:RateLimit:Exempt:1"] = "2001:db8::1",
            ["Sip:RateLimit:ExemptDestinations"] = "false",
            ["Sip:Scanners:UserAgents:0"] = "BadBot",
            ["Sip:Scanners:Action"] = "Drop",
        }), errors);

        Assert.Empty(errors);
        var rate = options.RateLimit;
        Assert.Equal(20, rate.Requests);
        Assert.Equal(TimeSpan.FromSeconds(2), rate.Window);
        Assert.Equal(TimeSpan.FromMinutes(5), rate.BlockTime);
        Assert.Equal(RateLimitAction.Drop, rate.Action);
        Assert.Equal(["203.0.113.0/24", "2001:db8::1"], rate.Exempt.Select(n => n.ToString()));
        Assert.False(rate.ExemptDestinations);
        Assert.Equal(["BadBot"], options.Scanners.UserAgents);
        Assert.Equal(ScannerAction.Drop, options.Scanners.Action);
    }

    [Fact]
    public void Read_NoRateLimitKeys_CallCentreDefaults()
    {
        var options = SipConfiguration.Read(Configuration(new()), []);

        Assert.True(options.RateLimit.Enabled);
        Assert.Equal(100, options.RateLimit.Requests);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RateLimit.Window);
        Assert.Contains("friendly-scanner", options.Scanners.UserAgents);
        Assert.Equal(ScannerAction.Reject, options.Scanners.Action);
    }

    [Fact]
    public void Read_BadRateLimitAndScannerKeys_EveryOneNamed()
    {
        var errors = new List<string>();

        SipConfiguration.Read(Configuration(new()
        {
            ["Sip:RateLimit:Requests"] = "0",
            ["Sip:RateLimit:Window"] = "soon",
            ["Sip:RateLimit:Action"] = "Shout",
            ["Sip:RateLimit:Exempt:0"] = "10.0.0.0/33",
            ["Sip:RateLimit:Exempt:1"] = "10.0.0.1",
            ["Sip:RateLimit:Block"] = "60",
            ["Sip:Scanners:UserAgents"] = "friendly-scanner",
        }), errors);

        Assert.Contains(errors, e => e.StartsWith("Sip:RateLimit:Requests is 0;", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:RateLimit:Window: 'soon' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:RateLimit:Action: 'Shout' is not one of Reply, Drop", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:RateLimit:Exempt:0: '10.0.0.0/33'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:RateLimit:Block: unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:Scanners:UserAgents: 'friendly-scanner' is a single value; give a list", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count);
    }

    [Theory]
    [InlineData("""{ "Sip": { "Listeners": [ "udp:127.0.0.1:5060" ], "Scanners": { "UserAgents": [] } } }""")]
    [InlineData("""{ "Sip": { "Listeners": [ "udp:127.0.0.1:5060" ], "Scanners": { "UserAgents": "" } } }""")]
    public void Read_EmptyUserAgentList_RejectsNoUserAgentInsteadOfTheDefaults(string json)
    {
        var errors = new List<string>();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var options = SipConfiguration.Read(new ConfigurationBuilder().AddJsonStream(stream).Build(), errors);
        var unset = SipConfiguration.Read(Configuration(new()), errors);

        Assert.Empty(errors);
        Assert.Empty(options.Scanners.UserAgents);
        Assert.NotEmpty(unset.Scanners.UserAgents);
    }

    [Fact]
    public void Read_EmptyOrListTypedValues_NamedInsteadOfTheDefaults()
    {
        var errors = new List<string>();
        const string json = """
            { "Sip": { "Listeners": [ "udp:127.0.0.1:5060" ], "UdpReceiveBufferSize": "", "UdpUnreachable": [],
                       "Timers": { "Linger": "", "T1": { "ms": 500 }, "T2": [ "4s" ] } } }
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        SipConfiguration.Read(new ConfigurationBuilder().AddJsonStream(stream).Build(), errors);

        Assert.Contains("Sip:UdpReceiveBufferSize: empty; give a whole number, or leave the key out for the default", errors);
        Assert.Contains("Sip:UdpUnreachable: empty; give true or false, or leave the key out for the default", errors);
        Assert.Contains("Sip:Timers:Linger: empty; give a duration, or leave the key out for the default", errors);
        Assert.Contains("Sip:Timers:T1: a list or object; give a duration, or leave the key out for the default", errors);
        Assert.Contains("Sip:Timers:T2: a list or object; give a duration, or leave the key out for the default", errors);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Read_Timers_FromTheirKeysWithTheLingerLeftOutMeaning64T1()
    {
        var errors = new List<string>();

        var set = SipConfiguration.Read(Configuration(new() { ["Sip:Timers:Linger"] = "5s", ["Sip:Timers:T1"] = "250ms" }), errors);
        var unset = SipConfiguration.Read(Configuration(new()), errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(5), set.Timers.LingerTime);
        Assert.Equal(TimeSpan.FromMilliseconds(250), set.Timers.T1);
        Assert.Null(unset.Timers.Linger);
        Assert.Equal(TimeSpan.FromSeconds(32), unset.Timers.LingerTime);
    }

    [Fact]
    public void Read_BadTimers_EveryOneNamed()
    {
        var errors = new List<string>();

        SipConfiguration.Read(Configuration(new()
        {
            ["Sip:Timers:Linger"] = "40s",
            ["Sip:Timers:T4"] = "later",
            ["Sip:Timers:WaitTimer"] = "5",
        }), errors);

        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:Linger is 00:00:40; set it between 1 second and 64*T1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:T4: 'later' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:WaitTimer: unknown key", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("99999999999999999999999999999999999999s")]
    [InlineData("9999999999999999999999999999999999999999999999999")]
    [InlineData("99999999999999999999h")]
    public void TryParseDuration_PastTimeSpan_NotADurationInsteadOfAnOverflow(string text)
        => Assert.False(SectionReader.TryParseDuration(text, out _));

    private static IConfiguration Configuration(Dictionary<string, string?> values)
    {
        values.TryAdd("Sip:Listeners:0", "udp:127.0.0.1:5060");
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
