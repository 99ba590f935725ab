using System.Text;
using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Client.Sip.Parsing;

/// <summary>
/// Parses one SIP message (one datagram, or one framed stream message) into a <see cref="SipMessage"/>
/// view of offsets (RFC 3261 §7, §20, §25). It reads the buffer once, checks the limits as it goes,
/// validates what a proxy relies on (start line, Request-URI, Via, From, To, Call-ID, CSeq,
/// Max-Forwards, Content-Length, Contact, Route, Record-Route) and never throws on wire input:
/// every failure is a <see cref="SipParseStatus"/>.
/// </summary>
internal sealed class SipParser
{
    public SipParser(SipParserLimits? limits = null) => Limits = limits ?? SipParserLimits.Default;

    public static SipParser Default { get; } = new();

    public SipParserLimits Limits { get; }

    /// <summary>Parses into a new message (one allocation: the message object).</summary>
    public SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipFraming framing, out SipMessage message)
    {
        message = new SipMessage();
        return Parse(buffer, framing, message);
    }

    /// <summary>Parses into <paramref name="message"/>, reusing its storage; allocation-free.</summary>
    public SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipFraming framing, SipMessage message)
    {
        message.Reset(buffer);
        var span = buffer.Span;
        if (framing == SipFraming.Datagram && span.Length > Limits.MaxMessageSize)
        {
            return Fail(SipParseStatus.MessageTooLarge, 0);
        }

        var pos = 0;
        while (pos < span.Length && span[pos] is (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        if (pos == span.Length)
        {
            return Fail(SipParseStatus.MissingRequestLine, pos);
        }

        message.Start = pos;
        var lineFeed = span[pos..].IndexOf((byte)'\n');
        var lineLength = lineFeed < 0 ? span.Length - pos : lineFeed;
        if (lineLength > Limits.MaxLineLength)
        {
            return Fail(SipParseStatus.LineTooLong, pos);
        }

        if (lineFeed < 0)
        {
            return Fail(SipParseStatus.IncompleteMessage, span.Length);
        }

        var lineEnd = pos + lineFeed;
        var next = lineEnd + 1;
        if (lineEnd > pos && span[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        var result = ParseStartLine(span, pos, lineEnd, message);
        if (!result.IsOk)
        {
            return result;
        }

        message.HeadersStart = next;
        result = ParseHeaders(span, next, message, out pos);
        if (!result.IsOk)
        {
            return result;
        }

        result = CheckRequiredHeaders(message);
        return result.IsOk ? FrameBody(span, pos, framing, message) : result;
    }

    private SipParseResult ParseStartLine(ReadOnlySpan<byte> span, int start, int end, SipMessage message)
    {
        var line = span[start..end];
        message.StartLineRange = new SipRange(start, end - start);
        if (line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ParseStatusLine(line, start, message);
        }

        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || !SipSyntax.IsTokenSpan(line[..sp1]))
        {
            return Fail(SipParseStatus.BadRequestLine, start);
        }

        var sp2 = line[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            return Fail(SipParseStatus.BadRequestLine, start + sp1 + 1);
        }

        var uriStart = sp1 + 1;
        var versionStart = uriStart + sp2 + 1;
        switch (CheckVersion(line[versionStart..]))
        {
            case VersionCheck.Malformed:
                return Fail(SipParseStatus.BadRequestLine, start + versionStart);
            case VersionCheck.Unsupported:
                return Fail(SipParseStatus.UnsupportedVersion, start + versionStart);
        }

        var uri = line.Slice(uriStart, sp2);
        if (!IsValidRequestUri(uri))
        {
            return Fail(SipParseStatus.BadUri, start + uriStart);
        }

        message.IsRequest = true;
        message.MethodRange = new SipRange(start, sp1);
        message.Method = SipMethods.Parse(line[..sp1]);
        message.RequestUriRange = new SipRange(start + uriStart, sp2);
        return SipParseResult.Success;
    }

    private static SipParseResult ParseStatusLine(ReadOnlySpan<byte> line, int start, SipMessage message)
    {
        var sp = line.IndexOf((byte)' ');
        switch (CheckVersion(sp < 0 ? line : line[..sp]))
        {
            case VersionCheck.Malformed:
                return Fail(SipParseStatus.BadStatusLine, start);
            case VersionCheck.Unsupported:
                return Fail(SipParseStatus.UnsupportedVersion, start);
        }

        // Status-Code is exactly three digits; a missing SP before an empty reason is tolerated (RFC 4475 §3.1.1.13).
        var codeStart = sp + 1;
        if (sp < 0 || line.Length < codeStart + 3 || (line.Length > codeStart + 3 && line[codeStart + 3] != ' ')
            || !SipSyntax.TryParseInt32(line.Slice(codeStart, 3), out var code) || code is < 100 or > 699)
        {
            return Fail(SipParseStatus.BadStatusLine, start + Math.Max(sp, 0));
        }

        var reasonStart = Math.Min(codeStart + 4, line.Length);
        message.IsRequest = false;
        message.StatusCode = code;
        message.ReasonRange = new SipRange(start + reasonStart, line.Length - reasonStart);
        return SipParseResult.Success;
    }

    private SipParseResult ParseHeaders(ReadOnlySpan<byte> span, int pos, SipMessage message, out int bodyStart)
    {
        bodyStart = pos;
        while (true)
        {
            if (pos >= span.Length)
            {
                return Fail(SipParseStatus.IncompleteMessage, pos);
            }

            var first = span[pos];
            if (first == '\n' || (first == '\r' && pos + 1 < span.Length && span[pos + 1] == '\n'))
            {
                message.HeadersEnd = pos;
                bodyStart = pos + (first == '\n' ? 1 : 2);
                return SipParseResult.Success;
            }

            var nameEnd = SipSyntax.SkipToken(span, pos);
            if (nameEnd == pos)
            {
                return Fail(first == '\r' && pos + 1 == span.Length ? SipParseStatus.IncompleteMessage : SipParseStatus.BadHeaderName, pos);
            }

            var colon = nameEnd;
            while (colon < span.Length && SipSyntax.IsSpace(span[colon]))
            {
                colon++;
            }

            if (colon >= span.Length)
            {
                return Fail(SipParseStatus.IncompleteMessage, pos);
            }

            if (span[colon] != ':')
            {
                var status = span[colon] is (byte)'\r' or (byte)'\n' ? SipParseStatus.HeaderWithoutColon : SipParseStatus.BadHeaderName;
                return Fail(status, pos);
            }

            // The logical line runs to the first line break not followed by SP/HT (those are folding).
            var scan = colon + 1;
            int lineFeed;
            while (true)
            {
                var relative = span[scan..].IndexOf((byte)'\n');
                if (relative < 0)
                {
                    return Fail(span.Length - pos > Limits.MaxLineLength ? SipParseStatus.LineTooLong : SipParseStatus.IncompleteMessage, pos);
                }

                lineFeed = scan + relative;
                if (lineFeed + 1 < span.Length && SipSyntax.IsSpace(span[lineFeed + 1]))
                {
                    scan = lineFeed + 1;
                    continue;
                }

                break;
            }

            var lineEnd = lineFeed + 1;
            if (lineEnd - pos > Limits.MaxLineLength)
            {
                return Fail(SipParseStatus.LineTooLong, pos);
            }

            if (lineEnd - message.Start > Limits.MaxMessageSize)
            {
                return Fail(SipParseStatus.MessageTooLarge, pos);
            }

            if (message.HeaderCount >= Limits.MaxHeaders)
            {
                return Fail(SipParseStatus.TooManyHeaders, pos);
            }

            var (valueOffset, valueLength) = SipSyntax.TrimLwsRange(span[(colon + 1)..lineFeed]);
            var entry = new SipHeaderEntry
            {
                Id = SipKnownHeaders.Lookup(span[pos..nameEnd]),
                LineStart = pos,
                NameLength = nameEnd - pos,
                ValueStart = colon + 1 + valueOffset,
                ValueLength = valueLength,
                LineEnd = lineEnd,
            };

            if (SipKnownHeaders.IsSingleton(entry.Id) && message.Contains(entry.Id))
            {
                return Fail(SipParseStatus.DuplicateHeader, pos, entry.Id);
            }

            var index = message.AddHeader(entry, Limits.MaxHeaders);
            var result = ProcessKnownHeader(span.Slice(entry.ValueStart, entry.ValueLength), entry, index, message);
            if (!result.IsOk)
            {
                return result;
            }

            pos = lineEnd;
        }
    }

    private SipParseResult ProcessKnownHeader(ReadOnlySpan<byte> value, in SipHeaderEntry entry, int index, SipMessage message)
    {
        var offset = entry.ValueStart;
        switch (entry.Id)
        {
            case SipHeaderId.Via:
                return ProcessVia(value, offset, index, message);
            case SipHeaderId.From:
            case SipHeaderId.To:
                if (!SipNameAddr.TryParse(value, out var address) || address.IsWildcard)
                {
                    return Fail(SipParseStatus.BadAddress, offset, entry.Id);
                }

                var uri = new SipRange(offset + address.UriRange.Start, address.UriRange.Length);
                var tag = address.HasTag ? new SipRange(offset + address.TagRange.Start, address.TagRange.Length) : SipRange.None;
                if (entry.Id == SipHeaderId.From)
                {
                    message.FromUriRange = uri;
                    message.FromTagRange = tag;
                }
                else
                {
                    message.ToUriRange = uri;
                    message.ToTagRange = tag;
                }

                return SipParseResult.Success;
            case SipHeaderId.CallId:
                if (!IsValidCallId(value))
                {
                    return Fail(SipParseStatus.BadCallId, offset, entry.Id);
                }

                message.CallIdRange = new SipRange(offset, value.Length);
                return SipParseResult.Success;
            case SipHeaderId.CSeq:
                return ProcessCSeq(value, offset, message);
            case SipHeaderId.MaxForwards:
                if (!SipSyntax.TryParseInt32(value, out var maxForwards) || maxForwards > 255)
                {
                    return Fail(SipParseStatus.BadMaxForwards, offset, entry.Id);
                }

                message.MaxForwards = maxForwards;
                return SipParseResult.Success;
            case SipHeaderId.ContentLength:
                if (!SipSyntax.TryParseInt32(value, out var contentLength))
                {
                    return Fail(SipParseStatus.BadContentLength, offset, entry.Id);
                }

                message.ContentLength = contentLength;
                return SipParseResult.Success;
            case SipHeaderId.Contact:
            case SipHeaderId.Route:
            case SipHeaderId.RecordRoute:
                return ValidateAddressList(value, offset, entry.Id);
            default:
                return SipParseResult.Success;
        }
    }

    private SipParseResult ProcessVia(ReadOnlySpan<byte> value, int offset, int index, SipMessage message)
    {
        var pos = 0;
        while (pos <= value.Length)
        {
            var comma = SipSyntax.IndexOfListSeparator(value, pos, angleAware: false);
            if (comma < 0)
            {
                return Fail(SipParseStatus.BadVia, offset + pos, SipHeaderId.Via);
            }

            var (start, length) = SipSyntax.TrimLwsRange(value[pos..comma]);
            if (length == 0 || !SipVia.TryParse(value.Slice(pos + start, length), out _))
            {
                return Fail(SipParseStatus.BadVia, offset + pos, SipHeaderId.Via);
            }

            if (message.ViaCount >= Limits.MaxVias)
            {
                return Fail(SipParseStatus.TooManyVias, offset + pos, SipHeaderId.Via);
            }

            message.AddVia(new SipValueRef(index, offset + pos + start, length));
            pos = comma + 1;
        }

        return SipParseResult.Success;
    }

    private static SipParseResult ProcessCSeq(ReadOnlySpan<byte> value, int offset, SipMessage message)
    {
        var digits = 0;
        while (digits < value.Length && SipSyntax.IsDigit(value[digits]))
        {
            digits++;
        }

        var methodStart = SipSyntax.SkipLws(value, digits);
        var methodEnd = SipSyntax.SkipToken(value, methodStart);
        if (digits == 0 || methodStart == digits || methodEnd == methodStart || methodEnd != value.Length
            || !SipSyntax.TryParseUInt32(value[..digits], out var number))
        {
            return Fail(SipParseStatus.BadCSeq, offset, SipHeaderId.CSeq);
        }

        message.CSeqNumber = number;
        message.CSeqMethod = SipMethods.Parse(value[methodStart..methodEnd]);
        message.CSeqMethodRange = new SipRange(offset + methodStart, methodEnd - methodStart);
        return SipParseResult.Success;
    }

    private static SipParseResult ValidateAddressList(ReadOnlySpan<byte> value, int offset, SipHeaderId id)
    {
        var pos = 0;
        while (pos <= value.Length)
        {
            var comma = SipSyntax.IndexOfListSeparator(value, pos, angleAware: true);
            if (comma < 0 || !SipNameAddr.TryParse(value[pos..comma], out var address)
                || (id != SipHeaderId.Contact && !address.IsNameAddr))
            {
                return Fail(SipParseStatus.BadAddress, offset + pos, id);
            }

            pos = comma + 1;
        }

        return SipParseResult.Success;
    }

    private static SipParseResult CheckRequiredHeaders(SipMessage message)
    {
        ReadOnlySpan<SipHeaderId> required = [SipHeaderId.Via, SipHeaderId.From, SipHeaderId.To, SipHeaderId.CallId, SipHeaderId.CSeq];
        foreach (var id in required)
        {
            if (!message.Contains(id))
            {
                return Fail(SipParseStatus.MissingRequiredHeader, message.HeadersEnd, id);
            }
        }

        if (message.IsRequest && !message.CSeqMethodName.SequenceEqual(message.MethodName))
        {
            return Fail(SipParseStatus.CSeqMethodMismatch, message.CSeqMethodRange.Start, SipHeaderId.CSeq);
        }

        return SipParseResult.Success;
    }

    private SipParseResult FrameBody(ReadOnlySpan<byte> span, int bodyStart, SipFraming framing, SipMessage message)
    {
        var available = span.Length - bodyStart;
        int bodyLength;
        if (message.ContentLength < 0)
        {
            if (framing == SipFraming.Stream)
            {
                return Fail(SipParseStatus.MissingRequiredHeader, message.HeadersEnd, SipHeaderId.ContentLength);
            }

            // Without Content-Length a datagram's body is the rest of the datagram (RFC 3261 §18.3).
            bodyLength = available;
        }
        else if (message.ContentLength > Limits.MaxMessageSize)
        {
            return Fail(SipParseStatus.MessageTooLarge, bodyStart, SipHeaderId.ContentLength);
        }
        else if (message.ContentLength > available)
        {
            // On a stream the rest of the body is still to come; a datagram cannot grow (RFC 3261 §18.3).
            return framing == SipFraming.Stream
                ? Fail(SipParseStatus.IncompleteMessage, span.Length, SipHeaderId.ContentLength)
                : Fail(SipParseStatus.BodyLengthMismatch, bodyStart, SipHeaderId.ContentLength);
        }
        else
        {
            bodyLength = message.ContentLength;
        }

        if (bodyStart + bodyLength - message.Start > Limits.MaxMessageSize)
        {
            return Fail(SipParseStatus.MessageTooLarge, bodyStart);
        }

        message.BodyRange = new SipRange(bodyStart, bodyLength);
        message.End = bodyStart + bodyLength;
        return SipParseResult.Success;
    }

    private static bool IsValidRequestUri(ReadOnlySpan<byte> uri)
    {
        if (SipUri.IsSupportedScheme(uri))
        {
            // Headers are not allowed in a Request-URI (RFC 3261 §19.1.1, RFC 4475 §3.1.2.11).
            return SipUri.TryParse(uri, out var parsed) && !parsed.HasHeaders;
        }

        return SipUri.IsValidAbsoluteUri(uri);
    }

    /// <summary>callid = word [ "@" word ] (RFC 3261 §25).</summary>
    private static bool IsValidCallId(ReadOnlySpan<byte> value)
    {
        var at = value.IndexOf((byte)'@');
        return at < 0
            ? IsWord(value)
            : IsWord(value[..at]) && IsWord(value[(at + 1)..]);

        static bool IsWord(ReadOnlySpan<byte> s)
        {
            if (s.IsEmpty)
            {
                return false;
            }

            foreach (var c in s)
            {
                if (!SipSyntax.IsWordChar(c))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static VersionCheck CheckVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return VersionCheck.Malformed;
        }

        var numbers = version[4..];
        var dot = numbers.IndexOf((byte)'.');
        if (dot <= 0 || dot == numbers.Length - 1
            || !SipSyntax.TryParseUInt32(numbers[..dot], out _) || !SipSyntax.TryParseUInt32(numbers[(dot + 1)..], out _))
        {
            return VersionCheck.Malformed;
        }

        return numbers.SequenceEqual("2.0"u8) ? VersionCheck.Supported : VersionCheck.Unsupported;
    }

    private static SipParseResult Fail(SipParseStatus status, int offset, SipHeaderId header = SipHeaderId.Unknown)
        => new(status, header, offset);

    private enum VersionCheck
    {
        Supported,
        Malformed,
        Unsupported,
    }
}
