using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// Walks the comma-separated values of a list header across all its lines, in order; commas inside
/// quoted strings and &lt;...&gt; do not separate. Use only for headers defined as lists.
/// </summary>
internal ref struct SipHeaderValueEnumerator
{
    private SipHeaderEnumerator _headers;
    private readonly SipMessage _message;
    private int _headerIndex;
    private int _valueStart;
    private int _valueEnd;
    private int _pos;
    private SipValueRef _current;

    internal SipHeaderValueEnumerator(SipMessage message, SipHeaderEnumerator headers)
    {
        _message = message;
        _headers = headers;
        _headerIndex = -1;
        _valueStart = 0;
        _valueEnd = 0;
        _pos = 0;
        _current = default;
    }

    public readonly SipHeaderValue Current
        => new(_message.Buffer.Span.Slice(_current.Start, _current.Length), _current);

    public readonly SipHeaderValueEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var buffer = _message.Buffer.Span;
        while (true)
        {
            if (_headerIndex >= 0 && _pos <= _valueEnd)
            {
                var value = buffer[_valueStart.._valueEnd];
                var relative = _pos - _valueStart;
                var comma = SipSyntax.IndexOfListSeparator(value, relative, angleAware: true);
                if (comma < 0)
                {
                    comma = value.Length;
                }

                var (start, length) = SipSyntax.TrimLwsRange(value[relative..comma]);
                _pos = _valueStart + comma + 1;
                if (length > 0)
                {
                    _current = new SipValueRef(_headerIndex, _valueStart + relative + start, length);
                    return true;
                }

                continue;
            }

            if (!_headers.MoveNext())
            {
                return false;
            }

            var header = _headers.Current;
            ref readonly var entry = ref _message.EntryAt(header.Index);
            _headerIndex = header.Index;
            _valueStart = entry.ValueStart;
            _valueEnd = entry.ValueStart + entry.ValueLength;
            _pos = _valueStart;
        }
    }
}
