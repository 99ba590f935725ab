using System.Buffers;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Writing;

/// <summary>
/// Writes SIP messages into an <see cref="IBufferWriter{T}"/>. Requests and responses derived from a
/// parsed message copy the untouched header lines as byte ranges (contiguous runs in one write) and
/// rewrite only the lines that change. Allocation-free apart from what the buffer writer does.
/// </summary>
internal static class SipMessageWriter
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private static ReadOnlySpan<byte> Version => "SIP/2.0"u8;

    /// <summary>
    /// Writes a response to <paramref name="request"/> (RFC 3261 §8.2.6): status line, then the
    /// request's Via lines, From, To (with a tag added when asked and missing), Call-ID and CSeq,
    /// any extra headers, and <c>Content-Length: 0</c>.
    /// </summary>
    public static void WriteResponse(IBufferWriter<byte> output, SipMessage request, int statusCode,
        ReadOnlySpan<byte> reasonPhrase, SipResponseOptions options = default)
    {
        if (!request.IsRequest)
        {
            throw new ArgumentException("A response is made from a request.", nameof(request));
        }

        if (statusCode is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode));
        }

        var buffer = request.Buffer.Span;
        output.Write(Version);
        output.Write(" "u8);
        WriteNumber(output, statusCode);
        output.Write(" "u8);
        output.Write(reasonPhrase);
        output.Write(Crlf);

        var topViaHeader = request.ViaCount > 0 ? request.GetViaReference(0).HeaderIndex : -1;
        var annotate = !options.ViaReceived.IsEmpty || options.ViaRPort > 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var entry = ref request.EntryAt(i);
            switch (entry.Id)
            {
                case SipHeaderId.Via when i == topViaHeader && annotate:
                    WriteAnnotatedViaLine(output, request, options.ViaReceived, options.ViaRPort);
                    break;
                case SipHeaderId.To when !options.ToTag.IsEmpty && !request.HasToTag:
                    output.Write("To: "u8);
                    output.Write(buffer.Slice(entry.ValueStart, entry.ValueLength));
                    output.Write(";tag="u8);
                    output.Write(options.ToTag);
                    output.Write(Crlf);
                    break;
                case SipHeaderId.Via or SipHeaderId.From or SipHeaderId.To or SipHeaderId.CallId or SipHeaderId.CSeq:
                    output.Write(buffer[entry.LineStart..entry.LineEnd]);
                    break;
            }
        }

        output.Write(options.ExtraHeaders);
        output.Write("Content-Length: 0\r\n\r\n"u8);
    }

    /// <summary>
    /// Writes <paramref name="request"/> as a proxy forwards it (RFC 3261 §16.6): the new Request-URI,
    /// an optional Record-Route, the proxy's Via right above the received ones, Max-Forwards minus one,
    /// the first Route removed when asked, every other line copied byte for byte, and the body.
    /// </summary>
    public static void WriteForwardedRequest(IBufferWriter<byte> output, SipMessage request, SipForwardEdits edits)
    {
        if (!request.IsRequest)
        {
            throw new ArgumentException("Only requests are forwarded with request edits.", nameof(request));
        }

        if (request.MaxForwards == 0)
        {
            throw new InvalidOperationException("Max-Forwards is 0: answer 483 Too Many Hops instead of forwarding (RFC 3261 §16.3).");
        }

        var buffer = request.Buffer.Span;
        output.Write(request.MethodName);
        output.Write(" "u8);
        output.Write(edits.RequestUri.IsEmpty ? request.RequestUri : edits.RequestUri);
        output.Write(" "u8);
        output.Write(Version);
        output.Write(Crlf);
        // Record-Route first, as Kamailio writes it: our Via must stay next to the Via rows below
        // it, or a callee that copies the Via rows as one block answers with ours alone.
        WriteHeader(output, "Record-Route: "u8, edits.RecordRoute);
        WriteHeader(output, "Via: "u8, edits.Via);

        var topViaHeader = request.ViaCount > 0 ? request.GetViaReference(0).HeaderIndex : -1;
        var annotate = !edits.ViaReceived.IsEmpty || edits.ViaRPort > 0;
        Span<SipValueRef> removed = stackalloc SipValueRef[Math.Clamp(Math.Max(edits.RemoveRoutes, edits.RemoveFirstRoute ? 1 : 0), 0, 8)];
        var removedCount = 0;
        if (!removed.IsEmpty)
        {
            foreach (var route in request.Routes)
            {
                removed[removedCount++] = route.Reference;
                if (removedCount == removed.Length)
                {
                    break;
                }
            }
        }

        removed = removed[..removedCount];
        var run = request.HeadersStart;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var entry = ref request.EntryAt(i);
            var rewrite = entry.Id switch
            {
                SipHeaderId.MaxForwards => true,
                SipHeaderId.Via => i == topViaHeader && annotate,
                SipHeaderId.Route => edits.RemoveAllRoutes || HoldsAny(removed, i),
                _ => false,
            };
            if (!rewrite)
            {
                continue;
            }

            output.Write(buffer[run..entry.LineStart]);
            run = entry.LineEnd;
            switch (entry.Id)
            {
                case SipHeaderId.MaxForwards:
                    output.Write("Max-Forwards: "u8);
                    WriteNumber(output, request.MaxForwards - 1);
                    output.Write(Crlf);
                    break;
                case SipHeaderId.Via:
                    WriteAnnotatedViaLine(output, request, edits.ViaReceived, edits.ViaRPort);
                    break;
                case SipHeaderId.Route when edits.RemoveAllRoutes:
                    break;
                default:
                    WriteLineWithoutValues(output, request, entry, removed);
                    break;
            }
        }

        output.Write(buffer[run..request.HeadersEnd]);
        if (request.MaxForwards < 0)
        {
            output.Write("Max-Forwards: "u8);
            WriteNumber(output, edits.MaxForwardsIfAbsent > 0 ? edits.MaxForwardsIfAbsent : 70);
            output.Write(Crlf);
        }

        if (request.ContentLength < 0)
        {
            output.Write("Content-Length: "u8);
            WriteNumber(output, request.Body.Length);
            output.Write(Crlf);
        }

        output.Write(edits.ExtraHeaders);
        output.Write(Crlf);
        output.Write(request.Body);
    }

    /// <summary>
    /// Writes <paramref name="response"/> as a proxy forwards it upstream (RFC 3261 §16.7 step 3): the
    /// top Via value (the proxy's own) is removed and everything else is copied byte for byte.
    /// </summary>
    public static void WriteForwardedResponse(IBufferWriter<byte> output, SipMessage response)
    {
        if (response.IsRequest || response.ViaCount < 2)
        {
            throw new ArgumentException("Only a response with a Via below the proxy's own is forwarded.", nameof(response));
        }

        var buffer = response.Buffer.Span;
        var topVia = response.GetViaReference(0);
        ref readonly var entry = ref response.EntryAt(topVia.HeaderIndex);
        output.Write(buffer[response.Start..entry.LineStart]);
        WriteLineWithoutValue(output, response, entry, topVia);
        output.Write(buffer[entry.LineEnd..response.End]);
    }

    /// <summary>
    /// Writes the CANCEL for an INVITE this element sent (RFC 3261 §9.1): same Request-URI, Call-ID,
    /// From, To and CSeq number, only the INVITE's top Via, and its Route headers.
    /// </summary>
    public static void WriteCancel(IBufferWriter<byte> output, SipMessage invite)
        => WriteInviteCompanion(output, invite, "CANCEL"u8, toLine: default);

    /// <summary>
    /// Writes the ACK for a non-2xx final response to an INVITE this element sent (RFC 3261 §17.1.1.3):
    /// like the CANCEL, but with the To of the response (which carries the UAS's tag).
    /// </summary>
    public static void WriteAck(IBufferWriter<byte> output, SipMessage invite, SipMessage response)
    {
        if (response.IsRequest || response.StatusCode < 300)
        {
            throw new ArgumentException("The ACK for a 2xx is a new transaction; only non-2xx final responses are acknowledged here.", nameof(response));
        }

        var to = response.IndexOf(SipHeaderId.To);
        WriteInviteCompanion(output, invite, "ACK"u8, response.GetHeader(to).Line);
    }

    private static void WriteInviteCompanion(IBufferWriter<byte> output, SipMessage invite, ReadOnlySpan<byte> method, ReadOnlySpan<byte> toLine)
    {
        if (invite.Method != SipMethod.Invite)
        {
            throw new ArgumentException("CANCEL and ACK are built from the INVITE they refer to.", nameof(invite));
        }

        var buffer = invite.Buffer.Span;
        output.Write(method);
        output.Write(" "u8);
        output.Write(invite.RequestUri);
        output.Write(" "u8);
        output.Write(Version);
        output.Write(Crlf);
        var top = invite.GetViaReference(0);
        output.Write("Via: "u8);
        output.Write(buffer.Slice(top.Start, top.Length));
        output.Write(Crlf);
        for (var i = 0; i < invite.HeaderCount; i++)
        {
            ref readonly var entry = ref invite.EntryAt(i);
            if (entry.Id is SipHeaderId.Route or SipHeaderId.From or SipHeaderId.CallId
                || (entry.Id == SipHeaderId.To && toLine.IsEmpty))
            {
                output.Write(buffer[entry.LineStart..entry.LineEnd]);
            }
        }

        output.Write(toLine);
        output.Write("Max-Forwards: 70\r\nCSeq: "u8);
        WriteNumber(output, invite.CSeqNumber);
        output.Write(" "u8);
        output.Write(method);
        output.Write("\r\nContent-Length: 0\r\n\r\n"u8);
    }

    private static void WriteHeader(IBufferWriter<byte> output, ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        output.Write(nameAndColon);
        output.Write(value);
        output.Write(Crlf);
    }

    /// <summary>Writes a list header line without one of its values, or nothing when that was its only value.</summary>
    private static void WriteLineWithoutValue(IBufferWriter<byte> output, SipMessage message, in SipHeaderEntry entry, SipValueRef removed)
    {
        var buffer = message.Buffer.Span;
        var value = buffer.Slice(entry.ValueStart, entry.ValueLength);
        var before = SipSyntax.TrimLws(buffer[entry.ValueStart..removed.Start]);
        var afterStart = removed.Start + removed.Length - entry.ValueStart;
        var after = SipSyntax.TrimLws(value[afterStart..]);
        var rest = after.IsEmpty ? after : SipSyntax.TrimLws(after[1..]);
        if (!before.IsEmpty && before[^1] == ',')
        {
            before = SipSyntax.TrimLws(before[..^1]);
        }

        if (before.IsEmpty && rest.IsEmpty)
        {
            return;
        }

        output.Write(buffer.Slice(entry.LineStart, entry.NameLength));
        output.Write(": "u8);
        output.Write(before);
        if (!before.IsEmpty && !rest.IsEmpty)
        {
            output.Write(", "u8);
        }

        output.Write(rest);
        output.Write(Crlf);
    }

    private static bool HoldsAny(ReadOnlySpan<SipValueRef> values, int headerIndex)
    {
        foreach (var value in values)
        {
            if (value.HeaderIndex == headerIndex)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes a list header line without the given values, or nothing when none is left.</summary>
    private static void WriteLineWithoutValues(IBufferWriter<byte> output, SipMessage message, in SipHeaderEntry entry, ReadOnlySpan<SipValueRef> removed)
    {
        var buffer = message.Buffer.Span;
        var value = buffer.Slice(entry.ValueStart, entry.ValueLength);
        var written = false;
        var pos = 0;
        while (pos <= value.Length)
        {
            var comma = SipSyntax.IndexOfListSeparator(value, pos, angleAware: true);
            comma = comma < 0 ? value.Length : comma;
            var (start, length) = SipSyntax.TrimLwsRange(value[pos..comma]);
            var absolute = entry.ValueStart + pos + start;
            if (length > 0 && !IsRemoved(removed, absolute))
            {
                output.Write(written ? ", "u8 : buffer.Slice(entry.LineStart, entry.NameLength));
                if (!written)
                {
                    output.Write(": "u8);
                    written = true;
                }

                output.Write(buffer.Slice(absolute, length));
            }

            pos = comma + 1;
        }

        if (written)
        {
            output.Write(Crlf);
        }

        static bool IsRemoved(ReadOnlySpan<SipValueRef> removed, int start)
        {
            foreach (var r in removed)
            {
                if (r.Start == start)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Rewrites the top Via's line with received/rport set (any old ones dropped); the line's other values are kept.</summary>
    private static void WriteAnnotatedViaLine(IBufferWriter<byte> output, SipMessage message, ReadOnlySpan<byte> received, int rport)
    {
        var buffer = message.Buffer.Span;
        var top = message.GetViaReference(0);
        ref readonly var entry = ref message.EntryAt(top.HeaderIndex);
        var via = message.GetVia(0);
        var value = via.Span;
        var parameters = via.ParametersRange;

        output.Write(buffer.Slice(entry.LineStart, entry.NameLength));
        output.Write(": "u8);
        output.Write(buffer[entry.ValueStart..top.Start]);
        output.Write(parameters.IsPresent ? SipSyntax.TrimLws(value[..(parameters.Start - 1)]) : value);
        foreach (var p in via.GetParameters())
        {
            if (Ascii.EqualsIgnoreCase(p.Name, "received"u8) || (rport > 0 && Ascii.EqualsIgnoreCase(p.Name, "rport"u8)))
            {
                continue;
            }

            output.Write(";"u8);
            output.Write(via.Parameters.Slice(p.Offset, p.Length));
        }

        if (!received.IsEmpty)
        {
            output.Write(";received="u8);
            output.Write(received);
        }

        if (rport > 0)
        {
            output.Write(";rport="u8);
            WriteNumber(output, rport);
        }

        output.Write(buffer[(top.Start + top.Length)..(entry.ValueStart + entry.ValueLength)]);
        output.Write(Crlf);
    }

    private static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var written);
        output.Write(digits[..written]);
    }
}
