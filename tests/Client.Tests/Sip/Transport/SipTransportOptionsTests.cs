using System.Net;

namespace OrleansLB.Client.Sip.Transport;

public sealed class SipTransportOptionsTests
{
    private static readonly SipTransportOptions Valid = new() { Listeners = [new(SipTransportKind.Udp, IPAddress.Any)] };

    [Fact]
    public void Defaults_KamailioValuesAndTunedUdpBuffer()
    {
        Assert.Empty(Valid.Validate());
        Assert.Equal(4 * 1024 * 1024, Valid.UdpReceiveBufferSize);
        Assert.Equal(65_535, Valid.MaxMessageSize);
        Assert.Equal(2048, Valid.MaxTcpConnections);
        Assert.Equal(TimeSpan.FromSeconds(120), Valid.TcpIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), Valid.TcpConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), Valid.TcpSendTimeout);
        Assert.Equal(5060, Valid.Listeners[0].Port);
    }

    [Fact]
    public void Validate_NoListeners_AsksForOne()
    {
        Assert.Equal(["Sip:Listeners: give at least one listener, such as udp:0.0.0.0:5060."], (Valid with { Listeners = [] }).Validate());
    }

    [Fact]
    public void Validate_EveryBadValue_OneMessageEachNamingItsKey()
    {
        var options = new SipTransportOptions
        {
            Listeners =
            [
                new((SipTransportKind)7, IPAddress.Loopback, 70_000) { AdvertisedPort = 0, AdvertisedHost = "a b" },
                new(SipTransportKind.Tcp, null!, 5060),
            ],
            UdpReceiveBufferSize = 100,
            UdpSendBufferSize = -1,
            TcpReceiveBufferSize = SipTransportOptions.MaxBufferSize + 1,
            TcpSendBufferSize = 1,
            MaxTcpConnections = 0,
            TcpIdleTimeout = TimeSpan.Zero,
            TcpConnectTimeout = TimeSpan.FromHours(1),
            TcpSendTimeout = TimeSpan.FromMilliseconds(1),
            MaxMessageSize = 70_000,
        };

        var errors = options.Validate();

        string[] keys =
        [
            "Sip:Listeners:0:Transport", "Sip:Listeners:0:Port", "Sip:Listeners:0:AdvertisedPort", "Sip:Listeners:0:AdvertisedHost",
            "Sip:Listeners:1:Address", "Sip:UdpReceiveBufferSize", "Sip:UdpSendBufferSize", "Sip:TcpReceiveBufferSize",
            "Sip:TcpSendBufferSize", "Sip:MaxTcpConnections", "Sip:TcpIdleTimeout", "Sip:TcpConnectTimeout", "Sip:TcpSendTimeout",
            "Sip:MaxMessageSize",
        ];
        Assert.Equal(keys, errors.Select(e => keys.Single(k => e.StartsWith(k, StringComparison.Ordinal))));
        Assert.All(errors, e => Assert.Matches("set it|give|use|is not", e));
    }

    [Fact]
    public void Validate_SameSocketTwice_Duplicate()
    {
        var options = Valid with { Listeners = [new(SipTransportKind.Tcp, IPAddress.Loopback), new(SipTransportKind.Tcp, IPAddress.Loopback), new(SipTransportKind.Udp, IPAddress.Loopback)] };

        Assert.Equal(["Sip:Listeners: tcp:127.0.0.1:5060 is listed 2 times; list each socket once."], options.Validate());
    }

    [Fact]
    public void Validate_PortZeroTwiceAndBuffersAtTheBounds_Valid()
    {
        var options = Valid with
        {
            Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0), new(SipTransportKind.Udp, IPAddress.Loopback, 0)],
            UdpReceiveBufferSize = SipTransportOptions.MaxBufferSize,
            UdpSendBufferSize = SipTransportOptions.MinBufferSize,
            TcpReceiveBufferSize = 0,
            MaxMessageSize = 1024,
        };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void HostConstructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new SipTransportHost(Valid with { Listeners = [], MaxTcpConnections = 0 }, new RecordingHandler()));

        Assert.Contains("Sip:Listeners", error.Message);
        Assert.Contains("Sip:MaxTcpConnections", error.Message);
    }
}
