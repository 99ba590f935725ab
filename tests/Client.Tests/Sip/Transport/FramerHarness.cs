using System.Text;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Drives a <see cref="SipStreamFramer"/> as a connection does: appends each read to the
/// unconsumed bytes and steps until the framer wants more, writing what it saw as text events
/// (<c>M:message</c>, <c>PING</c>, <c>ERR:reason</c>) so tests can compare whole streams.
/// </summary>
internal sealed class FramerHarness(int maxMessageSize = SipTransportOptions.MaxDatagramSize)
{
    private readonly SipStreamFramer _framer = new(maxMessageSize);
    private readonly List<byte> _pending = [];
    private bool _failed;

    public List<string> Events { get; } = [];

    /// <summary>Bytes received but not yet consumed.</summary>
    public int Pending => _pending.Count;

    public static List<string> Run(string stream, IEnumerable<int> chunkLengths, int maxMessageSize = SipTransportOptions.MaxDatagramSize)
    {
        var harness = new FramerHarness(maxMessageSize);
        var bytes = Encoding.Latin1.GetBytes(stream);
        var offset = 0;
        foreach (var length in chunkLengths)
        {
            var take = Math.Min(length, bytes.Length - offset);
            harness.Feed(bytes.AsSpan(offset, take));
            offset += take;
        }

        harness.Feed(bytes.AsSpan(offset));
        return harness.Events;
    }

    public FramerHarness Feed(string chunk) => Feed(Encoding.Latin1.GetBytes(chunk));

    public FramerHarness Feed(ReadOnlySpan<byte> chunk)
    {
        if (_failed)
        {
            return this;
        }

        _pending.AddRange(chunk);
        while (true)
        {
            var data = _pending.ToArray();
            var frame = _framer.Next(data);
            switch (frame.Status)
            {
                case SipFrameStatus.Message:
                    Assert.Equal(frame.MessageOffset + frame.MessageLength, frame.Consumed);
                    Events.Add("M:" + Encoding.Latin1.GetString(data, frame.MessageOffset, frame.MessageLength));
                    break;
                case SipFrameStatus.KeepAlivePing:
                    Events.Add("PING");
                    break;
                case SipFrameStatus.Error:
                    Events.Add("ERR:" + frame.Error);
                    _failed = true;
                    return this;
                default:
                    _pending.RemoveRange(0, frame.Consumed);
                    return this;
            }

            Assert.True(frame.Consumed > 0, "a message or ping must consume bytes");
            _pending.RemoveRange(0, frame.Consumed);
        }
    }
}
