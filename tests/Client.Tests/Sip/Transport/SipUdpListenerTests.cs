using System.Net;
using System.Net.Sockets;
using static OrleansLB.Client.Sip.Transport.SipTestMessages;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>UDP through <see cref="SipTransportHost"/> on real loopback sockets, IPv4 and (when the machine has it) IPv6.</summary>
public sealed class SipUdpListenerTests : IAsyncLifetime
{
    private readonly RecordingHandler _handler = new();
    private SipTransportHost _host = null!;

    public Task InitializeAsync()
    {
        _host = Start(_handler, new SipTransportOptions { Listeners = [.. Loopback.Addresses.Select(a => new SipListenerOptions(SipTransportKind.Udp, a, 0))] });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Receive_DatagramOnEachFamily_HandlerGetsBytesAndBothEndPoints()
    {
        foreach (var listener in _host.Listeners)
        {
            using var client = Client(listener.EndPoint);
            var message = Bytes(Request(1));

            await client.SendToAsync(message, listener.EndPoint.EndPoint);
            var received = await _handler.NextAsync(Loopback.Deadline());

            Assert.Equal(message, received.Data);
            Assert.Equal(listener.EndPoint, received.Local);
            Assert.Equal(new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)client.LocalEndPoint!), received.Remote);
            Assert.Equal(0, received.ConnectionId);
        }

        Assert.Equal(_host.Listeners.Count, _host.Stats.Udp.MessagesReceived);
    }

    [Fact]
    public async Task Send_EchoFromHandler_ComesBackFromTheSipPort()
    {
        _handler.EchoThrough = _host;
        foreach (var listener in _host.Listeners)
        {
            using var client = Client(listener.EndPoint);
            var message = Bytes(Request(2, "body"));

            await client.SendToAsync(message, listener.EndPoint.EndPoint);
            var buffer = new byte[2048];
            var reply = await client.ReceiveFromAsync(buffer, new IPEndPoint(listener.EndPoint.EndPoint.Address, 0), Loopback.Deadline());

            Assert.Equal(message, buffer[..reply.ReceivedBytes]);
            Assert.Equal(listener.EndPoint.EndPoint, reply.RemoteEndPoint);
        }

        foreach (var echo in _handler.Echoes)
        {
            Assert.Equal(SipSendResult.Sent, await echo);
        }

        Assert.Equal(_host.Listeners.Count, _host.Stats.Udp.MessagesSent);
    }

    [Fact]
    public async Task Receive_ManyDatagramsFromOnePeer_AllDeliveredInOrder()
    {
        var listener = _host.Listeners[0].EndPoint;
        using var client = Client(listener);
        for (var i = 0; i < 200; i++)
        {
            await client.SendToAsync(Bytes(Request(i)), listener.EndPoint);
            Assert.Equal(Request(i), (await _handler.NextAsync(Loopback.Deadline())).Text);
        }
    }

    [Fact]
    public async Task Receive_ShortDatagram_CountedAsKeepAliveNotDelivered()
    {
        var listener = _host.Listeners[0].EndPoint;
        using var client = Client(listener);

        await client.SendToAsync("\r\n\r\n"u8.ToArray(), listener.EndPoint);
        await client.SendToAsync(Bytes(Request(3)), listener.EndPoint);

        Assert.Equal(Request(3), (await _handler.NextAsync(Loopback.Deadline())).Text);
        Assert.Equal(1, _host.Stats.Udp.KeepAlives);
        Assert.Equal(1, _host.Stats.Udp.MessagesReceived);
    }

    [Fact]
    public async Task Receive_DatagramOverTheLimit_DroppedAndTheNextOneDelivered()
    {
        var handler = new RecordingHandler();
        await using var host = Start(handler, new SipTransportOptions { Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0)], MaxMessageSize = 1024 });
        var listener = host.Listeners[0].EndPoint;
        using var client = Client(listener);

        await client.SendToAsync(Bytes(Request(4, new string('x', 1500))), listener.EndPoint);
        await client.SendToAsync(Bytes(Request(5)), listener.EndPoint);

        Assert.Equal(Request(5), (await handler.NextAsync(Loopback.Deadline())).Text);
        Assert.Equal(1, host.Stats.Udp.Dropped);
    }

    [Fact]
    public async Task Send_ToAClosedPortRepeatedly_EachSentAndReportedUnreachableAndTheLoopGoesOn()
    {
        foreach (var listener in _host.Listeners)
        {
            var closed = new SipEndPoint(SipTransportKind.Udp, listener.EndPoint.EndPoint.Address, Loopback.ClosedPort(listener.EndPoint.EndPoint.Address, SocketType.Dgram));
            for (var i = 0; i < 5; i++)
            {
                // The ICMP port unreachable of one datagram fails the socket's next send or receive,
                // whatever it is: it is read then, and the send made again.
                Assert.Equal(SipSendResult.Sent, await _host.SendAsync(closed, Bytes(Request(i))));
                if (OperatingSystem.IsLinux())
                {
                    var (destination, quoted) = await _handler.NextUnreachableAsync(Loopback.Deadline());
                    Assert.Equal(closed, destination);
                    Assert.Equal(Bytes(Request(i)), quoted);
                }
            }

            using var client = Client(listener.EndPoint);
            await client.SendToAsync(Bytes(Request(6)), listener.EndPoint.EndPoint);

            Assert.Equal(Request(6), (await _handler.NextAsync(Loopback.Deadline())).Text);
        }

        Assert.True(!OperatingSystem.IsLinux() || _host.Stats.Udp.UnreachableDatagrams == 5 * _host.Listeners.Count, $"unreachable: {_host.Stats.Udp.UnreachableDatagrams}");
        Assert.Equal(0, _host.Stats.Udp.SendFailures);
    }

    [Fact]
    public async Task Send_AfterAnotherDatagramsError_ReadsTheErrorAndSendsAgain()
    {
        // No receive loop: the refused datagram's error stays pending for the next send, to a live peer.
        var handler = new RecordingHandler();
        var listener = new SipUdpListener(new SipListenerOptions(SipTransportKind.Udp, IPAddress.Loopback, 0), new SipTransportOptions(), handler, new SipTransportCounters());
        var closed = new SipEndPoint(SipTransportKind.Udp, IPAddress.Loopback, Loopback.ClosedPort(IPAddress.Loopback, SocketType.Dgram));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            Assert.Equal(SipSendResult.Sent, await listener.SendAsync(closed.EndPoint, Bytes(Request(1)), CancellationToken.None));
            Assert.Equal(SipSendResult.Sent, await listener.SendAsync((IPEndPoint)peer.LocalEndPoint!, Bytes(Request(2)), CancellationToken.None));

            var buffer = new byte[2048];
            var received = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Loopback, 0), Loopback.Deadline());
            Assert.Equal(Request(2), System.Text.Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes));
            if (OperatingSystem.IsLinux())
            {
                var (destination, quoted) = await handler.NextUnreachableAsync(Loopback.Deadline());
                Assert.Equal(closed, destination);
                Assert.Equal(Bytes(Request(1)), quoted);
            }
        }
        finally
        {
            await listener.StopAsync();
        }
    }

    [Fact]
    public async Task Send_ToAClosedPortWithUdpUnreachableOff_NothingReportedAndTheLoopGoesOn()
    {
        var handler = new RecordingHandler();
        await using var host = Start(handler, new SipTransportOptions { Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0)], UdpUnreachable = false });
        var listener = host.Listeners[0].EndPoint;
        var closed = new SipEndPoint(SipTransportKind.Udp, IPAddress.Loopback, Loopback.ClosedPort(IPAddress.Loopback, SocketType.Dgram));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SipSendResult.Sent, await host.SendAsync(closed, Bytes(Request(i))));
        }

        // Received after the five ICMP errors the kernel kept to itself.
        using var client = Client(listener);
        await client.SendToAsync(Bytes(Request(6)), listener.EndPoint);
        Assert.Equal(Request(6), (await handler.NextAsync(Loopback.Deadline())).Text);
        Assert.False(handler.TryTakeUnreachable());
        Assert.Equal(0, host.Stats.Udp.UnreachableDatagrams);
    }

    [Fact]
    public async Task Receive_HandlerThrows_CountedAndTheLoopGoesOn()
    {
        _handler.ThrowOnMessages = 1;
        var listener = _host.Listeners[0].EndPoint;
        using var client = Client(listener);

        await client.SendToAsync(Bytes(Request(7)), listener.EndPoint);
        await client.SendToAsync(Bytes(Request(8)), listener.EndPoint);

        Assert.Equal([Request(7), Request(8)], (await _handler.NextAsync(2, Loopback.Deadline())).Select(m => m.Text));
        Assert.Equal(1, _host.Stats.Udp.HandlerErrors);
    }

    [Fact]
    public async Task Send_NoListenerOfThatFamilyOrSource_NoListener()
    {
        var handler = new RecordingHandler();
        await using var host = Start(handler, new SipTransportOptions { Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0)] });

        var v6 = await host.SendAsync(new SipEndPoint(SipTransportKind.Udp, IPAddress.IPv6Loopback, 5060), Bytes(Request(9)));
        var wrongSource = await host.SendAsync(new SipEndPoint(SipTransportKind.Udp, IPAddress.Loopback, 5060), Bytes(Request(9)), new SipEndPoint(SipTransportKind.Udp, IPAddress.Loopback, 1));

        Assert.Equal(SipSendStatus.NoListener, v6.Status);
        Assert.Equal(SipSendStatus.NoListener, wrongSource.Status);
        Assert.Equal(2, host.Stats.Udp.SendFailures);
    }

    [Fact]
    public async Task Send_LongerThanMaxMessageSize_MessageTooLargeWithoutSending()
    {
        var result = await _host.SendAsync(_host.Listeners[0].EndPoint, new byte[SipTransportOptions.MaxDatagramSize + 1]);

        Assert.Equal(SipSendStatus.MessageTooLarge, result.Status);
    }

    [Fact]
    public async Task Dispose_ReleasesThePort()
    {
        var handler = new RecordingHandler();
        var host = Start(handler, new SipTransportOptions { Listeners = [new(SipTransportKind.Udp, IPAddress.Loopback, 0)] });
        var bound = host.Listeners[0].EndPoint.EndPoint;

        await host.DisposeAsync();

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(bound);
        Assert.Equal(SipSendStatus.Stopped, (await host.SendAsync(host.Listeners[0].EndPoint, Bytes(Request(1)))).Status);
    }

    internal static SipTransportHost Start(ISipMessageHandler handler, SipTransportOptions options, TimeProvider? time = null)
    {
        var host = new SipTransportHost(options, handler, time);
        host.Start();
        return host;
    }

    private static Socket Client(SipEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.EndPoint.Address, 0));
        return socket;
    }
}
