using System.Text;

namespace OrleansLB.Client.Sip.Message;

/// <summary>Walks a message's header lines in received order, optionally only those of one header. Use with foreach.</summary>
internal ref struct SipHeaderEnumerator
{
    private readonly SipMessage _message;
    private readonly SipHeaderId _id;
    private readonly ReadOnlySpan<byte> _unknownName;
    private readonly bool _all;
    private int _index;

    internal SipHeaderEnumerator(SipMessage message, SipHeaderId id, ReadOnlySpan<byte> unknownName, bool all)
    {
        _message = message;
        _id = id;
        _unknownName = unknownName;
        _all = all;
        _index = -1;
    }

    public readonly SipHeader Current => _message.GetHeader(_index);

    public readonly SipHeaderEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (++_index < _message.HeaderCount)
        {
            if (_all)
            {
                return true;
            }

            ref readonly var entry = ref _message.EntryAt(_index);
            if (entry.Id != _id)
            {
                continue;
            }

            if (_id != SipHeaderId.Unknown
                || Ascii.EqualsIgnoreCase(_message.Buffer.Span.Slice(entry.LineStart, entry.NameLength), _unknownName))
            {
                return true;
            }
        }

        return false;
    }
}
