namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Cuts SIP messages out of a byte stream (RFC 3261 §18.3): CRLFs before a start line are skipped
/// (§7.5), a CRLFCRLF there is a keep-alive ping (RFC 5626 §3.5.1), the headers end at the first
/// CRLFCRLF, and the body is exactly Content-Length bytes (or compact <c>l</c>), which must be present.
/// Nothing else of the message is parsed.
/// </summary>
/// <remarks>
/// One instance per connection. It remembers how far it has searched for the end of the headers,
/// so a message arriving a byte at a time is scanned once, not once per read; that memory is
/// relative to the first unconsumed byte, so the caller may move its unconsumed bytes (compact or
/// grow its buffer) between calls, but must pass them all again, followed by whatever it read since.
/// </remarks>
internal sealed class SipStreamFramer
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private static ReadOnlySpan<byte> ContentLength => "content-length"u8;

    private readonly int _maxMessageSize;

    // Bytes of the pending message already searched for the end of the headers.
    private int _scanned;

    // Headers plus body of the pending message once its headers are complete; 0 before.
    private int _messageLength;

    public SipStreamFramer(int maxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 16);
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>The next step over the unconsumed bytes; call again after consuming until it asks for more data.</summary>
    public SipFrame Next(ReadOnlySpan<byte> data)
    {
        var skipped = 0;
        if (_messageLength == 0)
        {
            if (_scanned == 0)
            {
                while (skipped < data.Length && data[skipped] is (byte)'\r' or (byte)'\n')
                {
                    var rest = data[skipped..];
                    if (rest.StartsWith(HeaderEnd))
                    {
                        return SipFrame.KeepAlivePing(skipped + HeaderEnd.Length);
                    }

                    if (HeaderEnd.StartsWith(rest))
                    {
                        // Maybe the first half of a ping: decide when the rest arrives.
                        return SipFrame.NeedMoreData(skipped);
                    }

                    skipped++;
                }
            }

            var pending = data[skipped..];
            var from = Math.Max(0, _scanned - (HeaderEnd.Length - 1));
            var end = pending[from..].IndexOf(HeaderEnd);
            if (end < 0)
            {
                if (pending.Length >= _maxMessageSize)
                {
                    return SipFrame.Failure(SipFramingError.HeadersTooLarge);
                }

                _scanned = pending.Length;
                return SipFrame.NeedMoreData(skipped);
            }

            var headerLength = from + end + HeaderEnd.Length;
            if (headerLength > _maxMessageSize)
            {
                return SipFrame.Failure(SipFramingError.HeadersTooLarge);
            }

            var error = FindContentLength(pending[..headerLength], _maxMessageSize, out var bodyLength);
            if (error != SipFramingError.None)
            {
                return SipFrame.Failure(error);
            }

            if (headerLength + bodyLength > _maxMessageSize)
            {
                return SipFrame.Failure(SipFramingError.MessageTooLarge);
            }

            _scanned = 0;
            _messageLength = headerLength + bodyLength;
        }

        if (data.Length - skipped < _messageLength)
        {
            return SipFrame.NeedMoreData(skipped);
        }

        var frame = SipFrame.Message(skipped, _messageLength);
        _messageLength = 0;
        return frame;
    }

    /// <summary>
    /// The body length from the Content-Length headers of a complete header block (ending in
    /// CRLFCRLF). Values may be folded onto continuation lines; repeated headers must agree.
    /// </summary>
    internal static SipFramingError FindContentLength(ReadOnlySpan<byte> headers, int maxBodyLength, out int bodyLength)
    {
        bodyLength = -1;
        var lastLine = headers.Length - Crlf.Length;
        var position = headers.IndexOf(Crlf) + Crlf.Length; // past the start line
        while (position < lastLine)
        {
            var line = headers[position..];
            line = line[..line.IndexOf(Crlf)];
            position += line.Length + Crlf.Length;
            var valueStart = ContentLengthValueStart(line);
            if (valueStart < 0)
            {
                continue;
            }

            var value = 0;
            var digits = 0;
            var afterDigits = false;
            var segment = line[valueStart..];
            while (true)
            {
                foreach (var b in segment)
                {
                    if (b is (byte)' ' or (byte)'\t')
                    {
                        afterDigits = digits > 0;
                    }
                    else if (b is >= (byte)'0' and <= (byte)'9' && !afterDigits)
                    {
                        // Saturate instead of overflowing; anything above the limit is rejected below.
                        value = value > maxBodyLength ? value : (value * 10) + (b - '0');
                        digits++;
                    }
                    else
                    {
                        return SipFramingError.InvalidContentLength;
                    }
                }

                if (position >= lastLine || headers[position] is not ((byte)' ' or (byte)'\t'))
                {
                    break;
                }

                segment = headers[position..];
                segment = segment[..segment.IndexOf(Crlf)];
                position += segment.Length + Crlf.Length;
                afterDigits = digits > 0;
            }

            if (digits == 0 || (bodyLength >= 0 && bodyLength != value))
            {
                return SipFramingError.InvalidContentLength;
            }

            bodyLength = value;
        }

        if (bodyLength < 0)
        {
            return SipFramingError.MissingContentLength;
        }

        return bodyLength > maxBodyLength ? SipFramingError.MessageTooLarge : SipFramingError.None;
    }

    // Where the value starts when the line is a Content-Length header ("Content-Length :" or "l:",
    // any case, whitespace before the colon allowed), else -1.
    private static int ContentLengthValueStart(ReadOnlySpan<byte> line)
    {
        // The first byte rules out most lines before any longer comparison.
        int nameLength;
        switch (line.IsEmpty ? 0 : line[0] | 0x20)
        {
            case 'c' when line.Length > ContentLength.Length && System.Text.Ascii.EqualsIgnoreCase(line[..ContentLength.Length], ContentLength):
                nameLength = ContentLength.Length;
                break;
            case 'l':
                nameLength = 1;
                break;
            default:
                return -1;
        }

        var i = nameLength;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i < line.Length && line[i] == (byte)':' ? i + 1 : -1;
    }
}
