using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One TCP connection, accepted or opened: a receive loop that frames the stream and hands each
/// message to the handler, and serialized sends. Closes itself on end of stream, a socket error or
/// a framing error; the transport closes it when idle, stuck in a send, or stopping.
/// </summary>
internal sealed class SipTcpConnection
{
    private const int InitialBufferSize = 4096;

    private static readonly ReadOnlyMemory<byte> Pong = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly SipTcpTransport _owner;
    private readonly SipStreamFramer _framer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private long _lastActivity;
    private long _sendStarted;
    private int _closed;

    public SipTcpConnection(long id, Socket socket, SipEndPoint local, SipEndPoint remote, SipTcpTransport owner)
    {
        Id = id;
        Local = local;
        Remote = remote;
        _socket = socket;
        _owner = owner;
        _framer = new SipStreamFramer(owner.Options.MaxMessageSize);
        _lastActivity = owner.Time.GetTimestamp();
    }

    public long Id { get; }

    public SipEndPoint Local { get; }

    public SipEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Ends when the receive loop has ended and the socket is closed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(ReceiveLoopAsync);

    /// <summary>Writes the whole message; concurrent sends queue, so messages never interleave.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return new SipSendResult(SipSendStatus.ConnectionClosed);
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new SipSendResult(SipSendStatus.Canceled);
        }

        try
        {
            Volatile.Write(ref _sendStarted, _owner.Time.GetTimestamp());
            while (!message.IsEmpty)
            {
                var sent = await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                message = message[sent..];
            }

            Touch();
            return SipSendResult.Sent;
        }
        catch (SocketException e)
        {
            Close();
            return SipSendResult.FromSocketError(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return new SipSendResult(SipSendStatus.ConnectionClosed);
        }
        catch (OperationCanceledException)
        {
            // Part of the message may be on the wire: the stream can no longer be framed.
            Close();
            return new SipSendResult(SipSendStatus.Canceled);
        }
        finally
        {
            Volatile.Write(ref _sendStarted, 0);
            _sendLock.Release();
        }
    }

    /// <summary>Idle for the idle timeout, or a send blocked (peer not reading) for the send timeout.</summary>
    public bool IsExpired(long now)
    {
        var sendStarted = Volatile.Read(ref _sendStarted);
        if (sendStarted != 0)
        {
            return _owner.Time.GetElapsedTime(sendStarted, now) >= _owner.Options.TcpSendTimeout;
        }

        return _owner.Time.GetElapsedTime(Volatile.Read(ref _lastActivity), now) >= _owner.Options.TcpIdleTimeout;
    }

    /// <summary>Closes the socket and leaves the transport's tables; false when it was already closed.</summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        // Wakes the receive loop, which then returns its buffer.
        _socket.Dispose();
        _owner.Forget(this);
        return true;
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _owner.Time.GetTimestamp());

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (_start == _end)
                {
                    _start = _end = 0;
                    ReturnBuffer();

                    // An idle connection holds no buffer: wait for data with an empty read, then rent.
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                    _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
                }
                else if (_end == _buffer!.Length)
                {
                    MakeRoom();
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                _end += read;
                Touch();
                var pings = Frame();
                if (pings < 0)
                {
                    return;
                }

                for (var i = 0; i < pings; i++)
                {
                    await SendAsync(Pong, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception)
        {
            // Reset by the peer, closed by us, or anything else: this connection is over, the transport is not.
        }
        finally
        {
            Close();
            ReturnBuffer();
        }
    }

    // Delivers every whole message buffered; returns the pings to answer, or -1 on a framing error.
    private int Frame()
    {
        var counters = _owner.Stats.Tcp;
        var pings = 0;
        while (true)
        {
            var frame = _framer.Next(_buffer.AsSpan(_start, _end - _start));
            switch (frame.Status)
            {
                case SipFrameStatus.Message:
                    counters.Received();
                    try
                    {
                        _owner.Handler.OnMessage(new ReceivedMessage(_buffer.AsMemory(_start + frame.MessageOffset, frame.MessageLength), Local, Remote, Id));
                    }
                    catch (Exception)
                    {
                        counters.HandlerFailed();
                    }

                    break;
                case SipFrameStatus.KeepAlivePing:
                    counters.KeepAlive();
                    pings++;
                    break;
                case SipFrameStatus.Error:
                    _owner.Stats.FramingError();
                    counters.Drop();
                    return -1;
                default:
                    _start += frame.Consumed;
                    return pings;
            }

            _start += frame.Consumed;
        }
    }

    // The buffer is full: slide the pending bytes to the front, or grow. The framer fails a message
    // before it outgrows the maximum size, so growth stops at the first pooled array that holds one.
    private void MakeRoom()
    {
        var buffer = _buffer!;
        if (_start > 0)
        {
            buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
            _end -= _start;
            _start = 0;
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _owner.Options.MaxMessageSize));
        if (larger.Length <= buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(larger);
            throw new InvalidOperationException("The framer let a message outgrow the maximum message size.");
        }

        buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = larger;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
