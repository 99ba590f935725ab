using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// The SIP transport layer: binds the configured listeners, runs their receive loops, routes sends
/// to the right socket or connection, and closes everything on dispose.
/// </summary>
/// <remarks>
/// Threading: one receive thread per UDP socket, blocking in recvfrom, and one async receive loop
/// per TCP connection on the thread pool, each calling <see cref="ISipMessageHandler.OnMessage"/>
/// inline; one accept loop per TCP listener; a timer closing idle connections. UDP sends are
/// sendto calls on the caller's thread; TCP sends run there until the socket makes them wait.
/// </remarks>
internal sealed class SipTransportHost : ISipTransport, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly ISipMessageHandler _handler;
    private readonly SipTcpTransport _tcp;
    private SipUdpListener[] _udp = [];
    private int _state; // 0 created, 1 started, 2 stopped

    public SipTransportHost(SipTransportOptions options, ISipMessageHandler handler, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        _options = options;
        _handler = handler;
        _tcp = new SipTcpTransport(options, handler, Stats, timeProvider ?? TimeProvider.System);
    }

    public SipTransportStats Stats { get; } = new();

    /// <summary>The bound listeners in configuration order, ports resolved; empty until <see cref="Start"/>.</summary>
    public IReadOnlyList<SipBoundListener> Listeners { get; private set; } = [];

    internal SipTcpTransport Tcp => _tcp;

    internal IReadOnlyList<SipUdpListener> Udp => _udp;

    /// <summary>Binds every listener (all or none: a failure closes the ones already bound) and starts the loops.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The SIP transport was already started.");
        }

        var udp = new List<SipUdpListener>();
        var bound = new List<SipBoundListener>();
        for (var i = 0; i < _options.Listeners.Count; i++)
        {
            var listener = _options.Listeners[i];
            try
            {
                SipEndPoint endPoint;
                if (listener.Transport == SipTransportKind.Udp)
                {
                    var socket = new SipUdpListener(listener, _options, _handler, Stats.Udp);
                    udp.Add(socket);
                    endPoint = socket.LocalEndPoint;
                }
                else
                {
                    endPoint = _tcp.Listen(listener);
                }

                bound.Add(SipBoundListener.From(listener, endPoint));
            }
            catch (SocketException e)
            {
                _udp = [.. udp];
                _state = 2;
                StopAsync().AsTask().GetAwaiter().GetResult();
                throw new InvalidOperationException(
                    $"Sip:Listeners:{i}: cannot listen on {listener}: {e.SocketErrorCode} ({e.Message}). Free the port, or pick another address or port.", e);
            }
        }

        _udp = [.. udp];
        Listeners = bound;
        foreach (var socket in _udp)
        {
            socket.Start();
        }

        _tcp.Start();
    }

    public ValueTask<SipSendResult> SendAsync(SipEndPoint destination, ReadOnlyMemory<byte> message, SipEndPoint? source = null, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _state) != 1)
        {
            return ValueTask.FromResult(new SipSendResult(SipSendStatus.Stopped));
        }

        var counters = Stats.For(destination.Transport);
        if (message.Length > _options.MaxMessageSize)
        {
            counters.SendFailed();
            return ValueTask.FromResult(new SipSendResult(SipSendStatus.MessageTooLarge));
        }

        if (destination.Transport == SipTransportKind.Tcp)
        {
            return _tcp.SendAsync(destination, message, source, cancellationToken);
        }

        foreach (var socket in _udp)
        {
            if (source is { } wanted ? socket.LocalEndPoint == wanted : socket.AddressFamily == destination.AddressFamily)
            {
                return socket.SendAsync(destination.EndPoint, message, cancellationToken);
            }
        }

        counters.SendFailed();
        return ValueTask.FromResult(new SipSendResult(SipSendStatus.NoListener));
    }

    public ValueTask<SipSendResult> SendOnConnectionAsync(long connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _state) != 1)
        {
            return ValueTask.FromResult(new SipSendResult(SipSendStatus.Stopped));
        }

        if (message.Length > _options.MaxMessageSize)
        {
            Stats.Tcp.SendFailed();
            return ValueTask.FromResult(new SipSendResult(SipSendStatus.MessageTooLarge));
        }

        return _tcp.SendOnConnectionAsync(connectionId, message, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        var previous = Interlocked.Exchange(ref _state, 2);
        return previous == 2 ? ValueTask.CompletedTask : StopAsync();
    }

    private async ValueTask StopAsync()
    {
        await Task.WhenAll(_udp.Select(u => u.StopAsync())).ConfigureAwait(false);
        await _tcp.StopAsync().ConfigureAwait(false);
    }
}
