using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>A transport that records what is sent and answers each send at once with <see cref="Result"/>.</summary>
internal sealed class FakeSipTransport : ISipTransport
{
    private readonly List<SentMessage> _sent = [];

    /// <summary>The outcome of each send to a destination; Sent when null.</summary>
    public Func<SipEndPoint, SipSendResult>? Result { get; set; }

    public ValueTask<SipSendResult> SendAsync(SipEndPoint destination, ReadOnlyMemory<byte> message, SipEndPoint? source = null, CancellationToken cancellationToken = default)
    {
        var result = Result?.Invoke(destination) ?? SipSendResult.Sent;
        Record(new SentMessage(destination, 0, message.ToArray(), result));
        return ValueTask.FromResult(result);
    }

    public ValueTask<SipSendResult> SendOnConnectionAsync(long connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Record(new SentMessage(null, connectionId, message.ToArray(), SipSendResult.Sent));
        return ValueTask.FromResult(SipSendResult.Sent);
    }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Everything sent since the last call.</summary>
    public List<SentMessage> Take()
    {
        lock (_sent)
        {
            var taken = new List<SentMessage>(_sent);
            _sent.Clear();
            return taken;
        }
    }

    private void Record(SentMessage message)
    {
        lock (_sent)
        {
            _sent.Add(message);
        }
    }
}

/// <summary>One send: to an end point, or on a connection (<see cref="ConnectionId"/> not 0).</summary>
internal sealed record SentMessage(SipEndPoint? Destination, long ConnectionId, byte[] Data, SipSendResult Result)
{
    public string Text => Encoding.UTF8.GetString(Data);

    public SipMessage Parse()
    {
        var result = SipParser.Default.Parse(Data, SipFraming.Datagram, out var message);
        Assert.True(result.IsOk, $"{result}: {Text}");
        return message;
    }

    public bool IsRequest(string method) => Text.StartsWith(method + " ", StringComparison.Ordinal);

    public int StatusCode => Text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) ? int.Parse(Text.AsSpan(8, 3)) : 0;

    public override string ToString() => $"{Destination?.ToString() ?? $"conn {ConnectionId}"}: {Text.Split("\r\n")[0]}";
}
