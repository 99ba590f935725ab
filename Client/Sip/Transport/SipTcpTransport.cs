using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// TCP listeners and the table of open connections (RFC 3261 §18.3). A connection is found by id
/// (to answer on the one a request came on) or by remote end point (to reuse it, whichever side
/// opened it); concurrent sends to a new destination share one connect.
/// </summary>
internal sealed class SipTcpTransport
{
    /// <summary>How often idle and stuck connections are looked for; timeouts are exact to within this.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly List<(Socket Socket, SipEndPoint EndPoint)> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<long, SipTcpConnection> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, SipTcpConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPEndPoint, Task<Connected>> _connecting = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _sweep;
    private long _lastId;

    public SipTcpTransport(SipTransportOptions options, ISipMessageHandler handler, SipTransportStats stats, TimeProvider time)
    {
        Options = options;
        Handler = handler;
        Stats = stats;
        Time = time;
    }

    public SipTransportOptions Options { get; }

    public ISipMessageHandler Handler { get; }

    public SipTransportStats Stats { get; }

    public TimeProvider Time { get; }

    public SipEndPoint Listen(SipListenerOptions listener)
    {
        var socket = new Socket(listener.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (listener.Address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(listener.Address, listener.Port));
            socket.Listen();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var endPoint = new SipEndPoint(SipTransportKind.Tcp, (IPEndPoint)socket.LocalEndPoint!);
        _listeners.Add((socket, endPoint));
        return endPoint;
    }

    public void Start()
    {
        foreach (var (socket, endPoint) in _listeners)
        {
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket, endPoint)));
        }

        _sweep = Time.CreateTimer(static state => ((SipTcpTransport)state!).CloseExpiredConnections(), this, SweepInterval, SweepInterval);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SipSendResult> SendAsync(SipEndPoint destination, ReadOnlyMemory<byte> message, SipEndPoint? source, CancellationToken cancellationToken)
    {
        if (!_byRemote.TryGetValue(destination.EndPoint, out var connection) || connection.IsClosed)
        {
            var connected = await ConnectAsync(destination, source, cancellationToken).ConfigureAwait(false);
            if (connected.Connection is null)
            {
                return Count(connected.Failure);
            }

            connection = connected.Connection;
        }

        return Count(await connection.SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SipSendResult> SendOnConnectionAsync(long connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return Count(new SipSendResult(SipSendStatus.ConnectionClosed));
        }

        return Count(await connection.SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Closes connections idle past <see cref="SipTransportOptions.TcpIdleTimeout"/> or stuck in a send; the timer calls it every <see cref="SweepInterval"/>.</summary>
    internal int CloseExpiredConnections()
    {
        var now = Time.GetTimestamp();
        var closed = 0;
        foreach (var (_, connection) in _connections)
        {
            if (connection.IsExpired(now) && connection.Close())
            {
                Stats.TimedOut();
                closed++;
            }
        }

        return closed;
    }

    internal void Forget(SipTcpConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        _byRemote.TryRemove(KeyValuePair.Create(connection.Remote.EndPoint, connection));
        Stats.ConnectionClosed();
    }

    public async Task StopAsync()
    {
        _stopping.Cancel();
        _sweep?.Dispose();
        foreach (var (socket, _) in _listeners)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        await Task.WhenAll(_connecting.Values).ConfigureAwait(false);
        var connections = _connections.Values.ToArray();
        foreach (var connection in connections)
        {
            connection.Close();
        }

        await Task.WhenAll(connections.Select(c => c.Completion)).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync(Socket listener, SipEndPoint local)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Out of file descriptors and the like: back off instead of spinning on the error.
                Stats.Tcp.ReceiveFailed();
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), Time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (!TryReserveSlot())
            {
                Stats.Rejected();
                socket.Dispose();
                continue;
            }

            try
            {
                Configure(socket);
                var remote = new SipEndPoint(SipTransportKind.Tcp, (IPEndPoint)socket.RemoteEndPoint!);
                Stats.Accepted();
                Register(new SipTcpConnection(Interlocked.Increment(ref _lastId), socket, local, remote, this));
            }
            catch (Exception)
            {
                // Gone before we could look at it.
                Stats.ConnectionClosed();
                socket.Dispose();
            }
        }
    }

    private Task<Connected> ConnectAsync(SipEndPoint destination, SipEndPoint? source, CancellationToken cancellationToken)
    {
        if (!_connecting.TryGetValue(destination.EndPoint, out var connecting))
        {
            var pending = new TaskCompletionSource<Connected>(TaskCreationOptions.RunContinuationsAsynchronously);
            connecting = _connecting.GetOrAdd(destination.EndPoint, pending.Task);
            if (connecting == pending.Task)
            {
                _ = CompleteConnectAsync(destination, source, pending);
            }
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(connecting, cancellationToken) : connecting;

        static async Task<Connected> WaitAsync(Task<Connected> connecting, CancellationToken cancellationToken)
        {
            try
            {
                return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new Connected(null, new SipSendResult(SipSendStatus.Canceled));
            }
        }
    }

    private async Task CompleteConnectAsync(SipEndPoint destination, SipEndPoint? source, TaskCompletionSource<Connected> pending)
    {
        Connected connected;
        try
        {
            // Someone may have connected between the caller's look-up and ours.
            connected = _byRemote.TryGetValue(destination.EndPoint, out var existing) && !existing.IsClosed
                ? new Connected(existing, SipSendResult.Sent)
                : await OpenAsync(destination, source).ConfigureAwait(false);
        }
        catch (Exception)
        {
            connected = new Connected(null, new SipSendResult(SipSendStatus.Failed));
        }

        // The connection is in _byRemote before the pending connect goes, so no sender misses both.
        _connecting.TryRemove(KeyValuePair.Create(destination.EndPoint, pending.Task));
        pending.SetResult(connected);
    }

    private async Task<Connected> OpenAsync(SipEndPoint destination, SipEndPoint? source)
    {
        SipEndPoint? local = null;
        foreach (var (_, endPoint) in _listeners)
        {
            if (source is { } wanted ? endPoint == wanted : endPoint.AddressFamily == destination.AddressFamily)
            {
                local = endPoint;
                break;
            }
        }

        if (source is not null && local is null)
        {
            return new Connected(null, new SipSendResult(SipSendStatus.NoListener));
        }

        if (_stopping.IsCancellationRequested)
        {
            return new Connected(null, new SipSendResult(SipSendStatus.Stopped));
        }

        if (!TryReserveSlot())
        {
            return new Connected(null, new SipSendResult(SipSendStatus.ConnectionLimitReached));
        }

        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        SipSendResult failure;
        try
        {
            Configure(socket);
            if (local is { } bound && !bound.EndPoint.Address.Equals(IPAddress.Any) && !bound.EndPoint.Address.Equals(IPAddress.IPv6Any))
            {
                // Leave from the listener's address, so the peer sees the host our Via names.
                socket.Bind(new IPEndPoint(bound.EndPoint.Address, 0));
            }

            using var timeout = new CancellationTokenSource(Options.TcpConnectTimeout, Time);
            using var stopping = _stopping.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
            await socket.ConnectAsync(destination.EndPoint, timeout.Token).ConfigureAwait(false);
            Stats.Opened();
            var connection = new SipTcpConnection(Interlocked.Increment(ref _lastId), socket, local ?? new SipEndPoint(SipTransportKind.Tcp, (IPEndPoint)socket.LocalEndPoint!), destination, this);
            Register(connection);
            return new Connected(connection, SipSendResult.Sent);
        }
        catch (OperationCanceledException)
        {
            failure = new SipSendResult(_stopping.IsCancellationRequested ? SipSendStatus.Stopped : SipSendStatus.TimedOut, SocketError.TimedOut);
        }
        catch (SocketException e)
        {
            failure = SipSendResult.FromSocketError(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            failure = new SipSendResult(SipSendStatus.Stopped);
        }

        socket.Dispose();
        Stats.ConnectionClosed();
        Stats.ConnectFailed();
        return new Connected(null, failure);
    }

    private bool TryReserveSlot()
    {
        if (Stats.ConnectionOpened() <= Options.MaxTcpConnections)
        {
            return true;
        }

        Stats.ConnectionClosed();
        return false;
    }

    private void Register(SipTcpConnection connection)
    {
        _connections[connection.Id] = connection;
        _byRemote[connection.Remote.EndPoint] = connection;
        connection.Start();
        if (_stopping.IsCancellationRequested)
        {
            connection.Close();
        }
    }

    private void Configure(Socket socket)
    {
        // SIP messages are whole writes; Nagle would only delay them.
        socket.NoDelay = true;
        if (Options.TcpReceiveBufferSize > 0)
        {
            socket.ReceiveBufferSize = Options.TcpReceiveBufferSize;
        }

        if (Options.TcpSendBufferSize > 0)
        {
            socket.SendBufferSize = Options.TcpSendBufferSize;
        }
    }

    private SipSendResult Count(SipSendResult result)
    {
        if (result.Succeeded)
        {
            Stats.Tcp.Sent();
        }
        else
        {
            Stats.Tcp.SendFailed();
        }

        return result;
    }

    private readonly record struct Connected(SipTcpConnection? Connection, SipSendResult Failure);
}
