using System.Net;
using System.Net.Sockets;
using static OrleansLB.Client.Sip.Transport.SipTestMessages;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>TCP through <see cref="SipTransportHost"/> on real loopback sockets, IPv4 and (when the machine has it) IPv6.</summary>
public sealed class SipTcpTransportTests : IAsyncLifetime
{
    private readonly RecordingHandler _handler = new();
    private readonly List<IAsyncDisposable> _hosts = [];
    private SipTransportHost _host = null!;

    public Task InitializeAsync()
    {
        _host = Start(_handler, Loopback.Addresses.Select(a => new SipListenerOptions(SipTransportKind.Tcp, a, 0)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Receive_PipelinedMessagesOnSeveralConnections_InOrderPerConnectionWithItsId()
    {
        var deadline = Loopback.Deadline();
        foreach (var listener in _host.Listeners)
        {
            var peers = new List<TcpPeer>();
            for (var c = 0; c < 4; c++)
            {
                var peer = await TcpPeer.ConnectAsync(listener.EndPoint, deadline);
                peers.Add(peer);
                await peer.SendAsync(Request((c * 10) + 1) + Request((c * 10) + 2, "v=0\r\n") + "\r\n" + Request((c * 10) + 3));
            }

            var received = await _handler.NextAsync(12, deadline);

            for (var c = 0; c < 4; c++)
            {
                var fromPeer = received.Where(m => m.Remote == peers[c].LocalEndPoint).ToList();
                Assert.Equal([Request((c * 10) + 1), Request((c * 10) + 2, "v=0\r\n"), Request((c * 10) + 3)], fromPeer.Select(m => m.Text));
                Assert.Single(fromPeer.Select(m => m.ConnectionId).Distinct());
                Assert.All(fromPeer, m => Assert.Equal(listener.EndPoint, m.Local));
                peers[c].Dispose();
            }

            Assert.Equal(4, received.Select(m => m.ConnectionId).Distinct().Count());
            Assert.DoesNotContain(0L, received.Select(m => m.ConnectionId));
        }
    }

    [Fact]
    public async Task SendOnConnection_EchoFromHandler_ComesBackOnTheSameSocket()
    {
        _handler.EchoThrough = _host;
        var deadline = Loopback.Deadline();
        foreach (var listener in _host.Listeners)
        {
            using var peer = await TcpPeer.ConnectAsync(listener.EndPoint, deadline);
            var request = Request(1, "abc");

            await peer.SendAsync(request);

            Assert.Equal(request, await peer.ReadAsync(request.Length, deadline));
        }

        Assert.Equal(_host.Listeners.Count, _handler.Echoes.Count);
        foreach (var echo in _handler.Echoes)
        {
            Assert.Equal(SipSendResult.Sent, await echo);
        }

        Assert.Equal(_host.Listeners.Count, _host.Stats.Tcp.MessagesSent);
        Assert.Equal(0, _host.Stats.ConnectionsOpened);
    }

    [Fact]
    public async Task Receive_MissingContentLength_ConnectionClosedAndCounted()
    {
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(_host.Listeners[0].EndPoint, deadline);

        await peer.SendAsync(Request(1) + "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n" + Request(3));

        Assert.Equal(Request(1), (await _handler.NextAsync(deadline)).Text);
        Assert.True(await peer.ClosedByPeerAsync(deadline));
        await Eventually(() => _host.Stats.OpenConnections == 0, deadline);
        Assert.Equal(1, _host.Stats.FramingErrors);
        Assert.False(_handler.TryTake(out _));
    }

    [Fact]
    public async Task Receive_HeadersOverTheLimit_ConnectionClosed()
    {
        var handler = new RecordingHandler();
        var host = Start(handler, [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)], maxMessageSize: 1024);
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(host.Listeners[0].EndPoint, deadline);

        await peer.SendAsync("OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Filler: 0123456789abcdef\r\n", 40)));

        Assert.True(await peer.ClosedByPeerAsync(deadline));
        Assert.Equal(1, host.Stats.FramingErrors);
    }

    [Fact]
    public async Task Receive_MessageNearTheLimitInSmallWrites_DeliveredWhole()
    {
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(_host.Listeners[0].EndPoint, deadline);
        var request = Request(1, new string('s', 60_000));

        for (var offset = 0; offset < request.Length; offset += 7_000)
        {
            await peer.SendAsync(request.Substring(offset, Math.Min(7_000, request.Length - offset)));
        }

        await peer.SendAsync(Request(2));

        Assert.Equal([request, Request(2)], (await _handler.NextAsync(2, deadline)).Select(m => m.Text));
    }

    [Fact]
    public async Task Receive_DoubleCrlfPing_AnsweredWithCrlfPong()
    {
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(_host.Listeners[0].EndPoint, deadline);

        await peer.SendAsync("\r\n\r\n");

        Assert.Equal("\r\n", await peer.ReadAsync(2, deadline));
        Assert.Equal(1, _host.Stats.Tcp.KeepAlives);
        Assert.Equal(0, _host.Stats.Tcp.MessagesSent);
    }

    [Fact]
    public async Task Send_ToAnEndPointTwice_OneConnectionOpenedReusedAndRepliesReadBack()
    {
        var deadline = Loopback.Deadline();
        foreach (var address in Loopback.Addresses)
        {
            var serverHandler = new RecordingHandler();
            var server = Start(serverHandler, [new(SipTransportKind.Tcp, address, 0)]);
            serverHandler.EchoThrough = server;
            var clientHandler = new RecordingHandler();
            var client = Start(clientHandler, [new(SipTransportKind.Tcp, address, 0)]);
            var destination = server.Listeners[0].EndPoint;

            Assert.Equal(SipSendResult.Sent, await client.SendAsync(destination, Bytes(Request(1))));
            Assert.Equal(SipSendResult.Sent, await client.SendAsync(destination, Bytes(Request(2))));

            var atServer = await serverHandler.NextAsync(2, deadline);
            var replies = await clientHandler.NextAsync(2, deadline);
            Assert.Single(atServer.Select(m => m.ConnectionId).Distinct());
            Assert.Equal([Request(1), Request(2)], replies.Select(m => m.Text));
            Assert.All(replies, m => Assert.Equal(destination, m.Remote));
            Assert.Single(replies.Select(m => m.ConnectionId).Distinct());
            Assert.Equal(client.Listeners[0].EndPoint.EndPoint.Address, atServer[0].Remote.EndPoint.Address);
            Assert.Equal(1, client.Stats.ConnectionsOpened);
            Assert.Equal(1, server.Stats.ConnectionsAccepted);
        }
    }

    [Fact]
    public async Task Send_ConcurrentlyToANewEndPoint_ShareOneConnect()
    {
        var deadline = Loopback.Deadline();
        var serverHandler = new RecordingHandler();
        var server = Start(serverHandler, [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _host.SendAsync(server.Listeners[0].EndPoint, Bytes(Request(i))).AsTask()));

        Assert.All(results, r => Assert.Equal(SipSendResult.Sent, r));
        var atServer = await serverHandler.NextAsync(20, deadline);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => Request(i)).Order(), atServer.Select(m => m.Text).Order());
        Assert.Equal(1, _host.Stats.ConnectionsOpened);
        Assert.Equal(1, server.Stats.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_ToAPeerThatConnectedToUs_GoesOnItsConnection()
    {
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(_host.Listeners[0].EndPoint, deadline);
        await peer.SendAsync(Request(1));
        var request = await _handler.NextAsync(deadline);

        var result = await _host.SendAsync(request.Remote, Bytes(Request(2)));

        Assert.Equal(SipSendResult.Sent, result);
        Assert.Equal(Request(2), await peer.ReadAsync(Request(2).Length, deadline));
        Assert.Equal(0, _host.Stats.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_ToAClosedPort_ConnectionRefused()
    {
        foreach (var address in Loopback.Addresses)
        {
            var closed = new SipEndPoint(SipTransportKind.Tcp, address, Loopback.ClosedPort(address, SocketType.Stream));

            var result = await _host.SendAsync(closed, Bytes(Request(1)));

            Assert.Equal(SipSendStatus.ConnectionRefused, result.Status);
        }

        Assert.Equal(Loopback.Addresses.Count, _host.Stats.ConnectFailures);
        Assert.Equal(Loopback.Addresses.Count, _host.Stats.Tcp.SendFailures);
        Assert.Equal(0, _host.Stats.OpenConnections);
    }

    [Fact]
    public async Task Send_PeerNeverAnswersTheConnect_TimedOutWithinTheConnectTimeout()
    {
        // A listener whose accept queue is full drops new SYNs, so a connect to it hangs.
        using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        full.Listen(1);
        var target = new SipEndPoint(SipTransportKind.Tcp, (IPEndPoint)full.LocalEndPoint!);
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(target.EndPoint, attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var host = Start(new RecordingHandler(), [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)], connectTimeout: TimeSpan.FromMilliseconds(300));
            var result = await host.SendAsync(target, Bytes(Request(1)));

            Assert.Equal(SipSendStatus.TimedOut, result.Status);
            Assert.Equal(0, host.Stats.OpenConnections);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Receive_TwoHundredConcurrentConnections_EachGetsItsEcho()
    {
        _handler.EchoThrough = _host;
        var deadline = Loopback.Deadline(30);
        var server = _host.Listeners[0].EndPoint;

        var peers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => TcpPeer.ConnectAsync(server, deadline)));
        try
        {
            await Eventually(() => _host.Stats.OpenConnections == 200, deadline);
            var echoes = await Task.WhenAll(peers.Select(async (peer, i) =>
            {
                var request = Request(i, $"peer {i}");
                await peer.SendAsync(request);
                return await peer.ReadAsync(request.Length, deadline) == request;
            }));

            Assert.All(echoes, Assert.True);
            Assert.Equal(200, _host.Stats.ConnectionsAccepted);
            Assert.Equal(200, _host.Stats.Tcp.MessagesReceived);
        }
        finally
        {
            Array.ForEach(peers, p => p.Dispose());
        }

        await Eventually(() => _host.Stats.OpenConnections == 0, deadline);
    }

    [Fact]
    public async Task Accept_BeyondMaxConnections_ClosedAndCounted()
    {
        var handler = new RecordingHandler();
        var host = Start(handler, [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)], maxConnections: 2);
        var deadline = Loopback.Deadline();
        var server = host.Listeners[0].EndPoint;
        using var first = await TcpPeer.ConnectAsync(server, deadline);
        using var second = await TcpPeer.ConnectAsync(server, deadline);
        await Eventually(() => host.Stats.OpenConnections == 2, deadline);

        using var third = await TcpPeer.ConnectAsync(server, deadline);

        Assert.True(await third.ClosedByPeerAsync(deadline));
        Assert.Equal(1, host.Stats.ConnectionsRejected);
        Assert.Equal(2, host.Stats.OpenConnections);
    }

    [Fact]
    public async Task Sweep_ConnectionIdleForTheTimeout_Closed()
    {
        var clock = new ManualTimeProvider();
        var handler = new RecordingHandler();
        var host = Start(handler, [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)], time: clock);
        var deadline = Loopback.Deadline();
        using var peer = await TcpPeer.ConnectAsync(host.Listeners[0].EndPoint, deadline);
        await peer.SendAsync(Request(1));
        await handler.NextAsync(deadline);

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(1, host.Stats.OpenConnections);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await peer.ClosedByPeerAsync(deadline));
        Assert.Equal(1, host.Stats.ConnectionsTimedOut);
        Assert.Equal(0, host.Stats.OpenConnections);
    }

    [Fact]
    public async Task Sweep_SendStuckOnAPeerThatDoesNotRead_ConnectionClosedAndSendFails()
    {
        var clock = new ManualTimeProvider();
        var handler = new RecordingHandler();
        var host = Start(handler, [new(SipTransportKind.Tcp, IPAddress.Loopback, 0)], time: clock, sendBuffer: SipTransportOptions.MinBufferSize);
        var deadline = Loopback.Deadline();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(host.Listeners[0].EndPoint.EndPoint, deadline);
        using var peer = TcpPeer.Wrap(socket);
        await peer.SendAsync(Request(1));
        var connectionId = (await handler.NextAsync(deadline)).ConnectionId;
        var big = Bytes(Request(2, new string('b', 60_000)));

        ValueTask<SipSendResult> stuck = default;
        for (var i = 0; i < 1_000; i++)
        {
            stuck = host.SendOnConnectionAsync(connectionId, big);
            if (!stuck.IsCompleted)
            {
                break;
            }

            Assert.Equal(SipSendResult.Sent, await stuck);
        }

        Assert.False(stuck.IsCompleted, "the peer's buffers never filled");
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False((await stuck.AsTask().WaitAsync(deadline)).Succeeded);
        Assert.Equal(1, host.Stats.ConnectionsTimedOut);
        Assert.Equal(0, host.Stats.OpenConnections);
    }

    [Fact]
    public async Task SendOnConnection_UnknownId_ConnectionClosed()
    {
        var result = await _host.SendOnConnectionAsync(987_654, Bytes(Request(1)));

        Assert.Equal(SipSendStatus.ConnectionClosed, result.Status);
    }

    [Fact]
    public async Task Dispose_ClosesOpenConnectionsAndListeners()
    {
        var handler = new RecordingHandler();
        var host = new SipTransportHost(Options([new(SipTransportKind.Tcp, IPAddress.Loopback, 0)]), handler);
        host.Start();
        var deadline = Loopback.Deadline();
        var server = host.Listeners[0].EndPoint;
        using var peer = await TcpPeer.ConnectAsync(server, deadline);
        await peer.SendAsync(Request(1));
        await handler.NextAsync(deadline);

        await host.DisposeAsync();

        Assert.True(await peer.ClosedByPeerAsync(deadline));
        Assert.Equal(0, host.Stats.OpenConnections);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.Bind(server.EndPoint);
    }

    [Fact]
    public void Start_PortAlreadyTaken_NamesTheListenerAndClosesTheOthers()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var udpPort = Loopback.ClosedPort(IPAddress.Loopback, SocketType.Dgram);
        var host = new SipTransportHost(Options([new(SipTransportKind.Udp, IPAddress.Loopback, udpPort), new(SipTransportKind.Tcp, IPAddress.Loopback, port)]), new RecordingHandler());

        var error = Assert.Throws<InvalidOperationException>(host.Start);

        Assert.Contains("Sip:Listeners:1", error.Message);
        Assert.Contains($"tcp:127.0.0.1:{port}", error.Message);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, udpPort));
    }

    [Fact]
    public void Listeners_PortZeroAndAdvertised_ResolvedPortAndAdvertisedValues()
    {
        var host = Start(new RecordingHandler(), [
            new(SipTransportKind.Tcp, IPAddress.Loopback, 0),
            new(SipTransportKind.Udp, IPAddress.Any, 0) { AdvertisedHost = "sip.example.com", AdvertisedPort = 5080 },
            new(SipTransportKind.Udp, IPAddress.Any, 0)]);

        var (tcp, advertised, wildcard) = (host.Listeners[0], host.Listeners[1], host.Listeners[2]);

        Assert.NotEqual(0, tcp.EndPoint.EndPoint.Port);
        Assert.Equal(("127.0.0.1", tcp.EndPoint.EndPoint.Port), (tcp.AdvertisedHost, tcp.AdvertisedPort));
        Assert.Equal(("sip.example.com", 5080), (advertised.AdvertisedHost, advertised.AdvertisedPort));
        Assert.Null(wildcard.AdvertisedHost);
        Assert.Equal(SipTransportKind.Udp, wildcard.EndPoint.Transport);
    }

    private static SipTransportOptions Options(IEnumerable<SipListenerOptions> listeners) => new() { Listeners = [.. listeners] };

    private static async Task Eventually(Func<bool> condition, CancellationToken deadline)
    {
        while (!condition())
        {
            await Task.Delay(10, deadline);
        }
    }

    private SipTransportHost Start(
        ISipMessageHandler handler,
        IEnumerable<SipListenerOptions> listeners,
        int maxMessageSize = SipTransportOptions.MaxDatagramSize,
        int maxConnections = 2048,
        TimeSpan? connectTimeout = null,
        TimeProvider? time = null,
        int sendBuffer = 0)
    {
        var host = new SipTransportHost(
            Options(listeners) with
            {
                MaxMessageSize = maxMessageSize,
                MaxTcpConnections = maxConnections,
                TcpConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
                TcpSendBufferSize = sendBuffer,
            },
            handler,
            time);
        _hosts.Add(host);
        host.Start();
        return host;
    }
}
