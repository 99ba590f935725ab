using System.Collections.Concurrent;
using System.Threading.Channels;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Copies every message into a queue tests await with a deadline; optionally echoes it back the
/// way a proxy answers (UDP from the receiving socket, TCP on the same connection).
/// </summary>
internal sealed class RecordingHandler : ISipMessageHandler
{
    private readonly Channel<ReceivedCopy> _messages = Channel.CreateUnbounded<ReceivedCopy>();
    private readonly Channel<(SipEndPoint Destination, byte[] Datagram)> _unreachable = Channel.CreateUnbounded<(SipEndPoint, byte[])>();

    public ISipTransport? EchoThrough { get; set; }

    public int ThrowOnMessages { get; set; }

    public ConcurrentQueue<Task<SipSendResult>> Echoes { get; } = new();

    public void OnMessage(in ReceivedMessage message)
    {
        var copy = new ReceivedCopy(message.Data.ToArray(), message.Local, message.Remote, message.ConnectionId);
        _messages.Writer.TryWrite(copy);
        if (EchoThrough is { } transport)
        {
            // Queued before the send: the peer can read the echo before the send returns, and a
            // test that awaits every echo then knows the transport is done with each (counted too).
            var echo = new TaskCompletionSource<SipSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            Echoes.Enqueue(echo.Task);
            _ = CompleteAsync(echo, () => copy.ConnectionId != 0
                ? transport.SendOnConnectionAsync(copy.ConnectionId, copy.Data)
                : transport.SendAsync(copy.Remote, copy.Data, copy.Local));
        }

        if (ThrowOnMessages > 0)
        {
            ThrowOnMessages--;
            throw new InvalidOperationException("handler failure under test");
        }
    }

    public void OnUnreachable(SipEndPoint destination, ReadOnlySpan<byte> datagram) => _unreachable.Writer.TryWrite((destination, datagram.ToArray()));

    /// <summary>The next datagram reported refused, and the start of it that the ICMP error quoted.</summary>
    public async Task<(SipEndPoint Destination, byte[] Datagram)> NextUnreachableAsync(CancellationToken deadline) => await _unreachable.Reader.ReadAsync(deadline);

    public bool TryTakeUnreachable() => _unreachable.Reader.TryRead(out _);

    public async Task<ReceivedCopy> NextAsync(CancellationToken deadline) => await _messages.Reader.ReadAsync(deadline);

    public async Task<List<ReceivedCopy>> NextAsync(int count, CancellationToken deadline)
    {
        var list = new List<ReceivedCopy>(count);
        while (list.Count < count)
        {
            list.Add(await _messages.Reader.ReadAsync(deadline));
        }

        return list;
    }

    public bool TryTake(out ReceivedCopy? message) => _messages.Reader.TryRead(out message);

    private static async Task CompleteAsync(TaskCompletionSource<SipSendResult> echo, Func<ValueTask<SipSendResult>> send)
    {
        try
        {
            echo.SetResult(await send());
        }
        catch (Exception e)
        {
            echo.SetException(e);
        }
    }
}
