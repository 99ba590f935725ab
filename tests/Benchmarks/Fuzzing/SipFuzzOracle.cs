using System.Buffers;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Runs one input through the SIP entry points and checks what the edge relies on: the parser
/// either accepts (and then every range lies inside the buffer, the required headers are there,
/// every accessor works, and what the writers make of the message parses again with the expected
/// changes) or refuses with a status that maps to a response code and a one-line reason; the
/// framer always makes progress and never needs more than the maximum message size; nothing throws.
/// A broken rule is a <see cref="FuzzViolation"/>. Not thread-safe: one per runner.
/// </summary>
internal sealed class SipFuzzOracle
{
    public const int MaxMessageSize = 65_535;

    private static readonly byte[] ForwardVia = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKfuzz.1"u8.ToArray();

    private readonly SipParser _parser = new();
    private readonly SipMessage _message = new();
    private readonly SipMessage _check = new();
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private readonly ScannerFilter _scanners = new(ScannerOptions.Default);
    private SipParseResult _lastResult;

    /// <summary>Refused requests whose 400 answer would not parse (informational: the 400 echoes the request's own lines).</summary>
    public long UnparseableBadRequests { get; private set; }

    /// <summary>Stream frames whose message the parser ended before the framer did (informational: the rest is dropped, never smuggled).</summary>
    public long FramerParserDisagreements { get; private set; }

    /// <summary>Frames cut by the stream framer, and streams it closed for a framing error.</summary>
    public long Frames { get; private set; }

    public long FramingErrors { get; private set; }

    public SipParseStatus LastStatus { get; private set; }

    public FuzzOutcome RunMessage(byte[] input)
    {
        _ = _scanners.IsScanner(input);
        var datagram = ParseAndCheck(input, SipFraming.Datagram);
        LastStatus = _lastResult.Status;
        if (!_lastResult.IsOk)
        {
            CheckBadRequest(input, _lastResult);
        }

        var stream = ParseAndCheck(input, SipFraming.Stream);
        CheckQuoted(input.AsSpan(0, Math.Min(input.Length, UdpErrorQueue.QuoteSize)));
        return datagram == FuzzOutcome.Parsed || stream == FuzzOutcome.Parsed ? FuzzOutcome.Parsed : FuzzOutcome.Rejected;
    }

    /// <summary>The start of a message as an ICMP error quotes it, forged or not: a key only with the magic cookie.</summary>
    private static void CheckQuoted(ReadOnlySpan<byte> quoted)
    {
        if (SipQuotedRequest.TryReadKey(quoted, out var key) && (!key.Branch.StartsWith("z9hG4bK", StringComparison.Ordinal) || key.Method.Length == 0))
        {
            throw new FuzzViolation($"a quoted datagram gave the key {key}");
        }
    }

    /// <summary>Feeds <paramref name="stream"/> to a framer in random chunks as a TCP connection would, and parses every frame.</summary>
    public FuzzOutcome RunStream(byte[] stream, FuzzRandom random)
    {
        var framer = new SipStreamFramer(MaxMessageSize);
        var received = 0;
        var start = 0;
        var parsed = false;
        var steps = 0;
        while (true)
        {
            if (++steps > (stream.Length * 2) + 64)
            {
                throw new FuzzViolation($"the framer made no progress after {steps} steps at offset {start} of {stream.Length}");
            }

            var pending = stream.AsSpan(start, received - start);
            var frame = framer.Next(pending);
            if (frame.Consumed < 0 || frame.Consumed > pending.Length)
            {
                throw new FuzzViolation($"the framer consumed {frame.Consumed} of {pending.Length} bytes");
            }

            switch (frame.Status)
            {
                case SipFrameStatus.Message:
                    if (frame.MessageLength <= 0 || frame.MessageOffset < 0 || frame.MessageOffset + frame.MessageLength != frame.Consumed
                        || frame.MessageLength > MaxMessageSize)
                    {
                        throw new FuzzViolation($"bad frame {frame} over {pending.Length} bytes");
                    }

                    Frames++;
                    var bytes = pending.Slice(frame.MessageOffset, frame.MessageLength).ToArray();
                    if (ParseAndCheck(bytes, SipFraming.Stream) == FuzzOutcome.Parsed)
                    {
                        parsed = true;
                        if (_message.End < bytes.Length)
                        {
                            FramerParserDisagreements++;
                        }
                    }

                    start += frame.Consumed;
                    break;
                case SipFrameStatus.KeepAlivePing:
                    if (frame.Consumed == 0)
                    {
                        throw new FuzzViolation("a ping that consumed nothing");
                    }

                    start += frame.Consumed;
                    break;
                case SipFrameStatus.Error:
                    FramingErrors++;
                    return parsed ? FuzzOutcome.Parsed : FuzzOutcome.Rejected;
                default:
                    start += frame.Consumed;
                    if (received - start > MaxMessageSize)
                    {
                        throw new FuzzViolation($"the framer wants more than {MaxMessageSize} bytes ({received - start} pending)");
                    }

                    if (received == stream.Length)
                    {
                        return parsed ? FuzzOutcome.Parsed : FuzzOutcome.Rejected;
                    }

                    received = Math.Min(stream.Length, received + random.Next(1, random.Chance(50) ? 64 : 4096));
                    break;
            }
        }
    }

    private FuzzOutcome ParseAndCheck(byte[] input, SipFraming framing)
    {
        var result = _parser.Parse(input, framing, _message);
        _lastResult = result;
        if (!result.IsOk)
        {
            CheckRejection(result, input.Length);
            return FuzzOutcome.Rejected;
        }

        CheckParsed(_message, input.Length);
        SipFuzzExercise.Accessors(_message);
        CheckWriters(_message);
        return FuzzOutcome.Parsed;
    }

    private static void CheckRejection(SipParseResult result, int length)
    {
        if (!Enum.IsDefined(result.Status) || !Enum.IsDefined(result.Header))
        {
            throw new FuzzViolation($"undefined status {(int)result.Status} or header {(int)result.Header}");
        }

        if (result.StatusCode is not (400 or 505 or 513))
        {
            throw new FuzzViolation($"{result.Status} maps to {result.StatusCode}, not 400, 505 or 513");
        }

        var reason = result.ReasonPhrase;
        if (string.IsNullOrWhiteSpace(reason) || reason.Any(c => c is '\r' or '\n' or '\0'))
        {
            throw new FuzzViolation($"{result.Status} has no one-line reason: '{reason}'");
        }

        if (result.Offset < 0 || result.Offset > length)
        {
            throw new FuzzViolation($"{result.Status} at offset {result.Offset} outside 0..{length}");
        }
    }

    private static void CheckParsed(SipMessage m, int length)
    {
        if (m.Start < 0 || m.Start > m.HeadersStart || m.HeadersStart > m.HeadersEnd || m.HeadersEnd > m.End || m.End > length)
        {
            throw new FuzzViolation($"ranges out of order: start {m.Start}, headers {m.HeadersStart}..{m.HeadersEnd}, end {m.End}, length {length}");
        }

        foreach (var id in (ReadOnlySpan<SipHeaderId>)[SipHeaderId.Via, SipHeaderId.From, SipHeaderId.To, SipHeaderId.CallId, SipHeaderId.CSeq])
        {
            if (!m.Contains(id))
            {
                throw new FuzzViolation($"accepted without {id}");
            }
        }

        if (m.ViaCount < 1 || m.CallId.IsEmpty || m.MaxForwards is < -1 or > 255)
        {
            throw new FuzzViolation($"accepted with {m.ViaCount} Vias, Call-ID '{m.CallId.Length}' bytes, Max-Forwards {m.MaxForwards}");
        }

        if (m.IsRequest ? m.MethodName.IsEmpty || m.RequestUri.IsEmpty || !m.CSeqMethodName.SequenceEqual(m.MethodName) : m.StatusCode is < 100 or > 699)
        {
            throw new FuzzViolation("accepted with a bad start line or CSeq method");
        }

        if (m.ContentLength >= 0 && m.Body.Length != m.ContentLength)
        {
            throw new FuzzViolation($"body of {m.Body.Length} bytes for Content-Length {m.ContentLength}");
        }

        for (var i = 0; i < m.HeaderCount; i++)
        {
            ref readonly var e = ref m.EntryAt(i);
            if (e.LineStart < m.HeadersStart || e.ValueStart < e.LineStart || e.ValueStart + e.ValueLength > e.LineEnd || e.LineEnd > m.HeadersEnd)
            {
                throw new FuzzViolation($"header {i} ({e.Id}) lies outside the header block");
            }
        }
    }

    private void CheckWriters(SipMessage m)
    {
        if (!m.IsRequest)
        {
            if (m.ViaCount >= 2)
            {
                _output.ResetWrittenCount();
                SipMessageWriter.WriteForwardedResponse(_output, m);
                var reparsed = Reparse("forwarded response");
                if (reparsed is not null && (reparsed.ViaCount != m.ViaCount - 1 || reparsed.StatusCode != m.StatusCode))
                {
                    throw new FuzzViolation($"forwarded response has {reparsed.ViaCount} Vias (from {m.ViaCount}) and status {reparsed.StatusCode}");
                }
            }

            return;
        }

        _output.ResetWrittenCount();
        SipMessageWriter.WriteResponse(_output, m, 503, "Service Unavailable"u8, new SipResponseOptions
        {
            ToTag = "fuzz"u8,
            ExtraHeaders = "Retry-After: 5\r\n"u8,
            ViaReceived = "192.0.2.1"u8,
            ViaRPort = 5060,
        });
        var response = Reparse("response");
        if (response is not null && (response.IsRequest || response.StatusCode != 503 || response.ViaCount != m.ViaCount || !response.HasToTag))
        {
            throw new FuzzViolation("the response to an accepted request lost its status, Vias or To tag");
        }

        if (m.Method == SipMethod.Invite)
        {
            _output.ResetWrittenCount();
            SipMessageWriter.WriteCancel(_output, m);
            if (Reparse("CANCEL") is { } cancel && cancel.Method != SipMethod.Cancel)
            {
                throw new FuzzViolation("the CANCEL is no CANCEL");
            }
        }

        if (m.MaxForwards != 0)
        {
            _output.ResetWrittenCount();
            SipMessageWriter.WriteForwardedRequest(_output, m, new SipForwardEdits
            {
                Via = ForwardVia,
                RecordRoute = "<sip:192.0.2.10;lr>"u8,
                RemoveFirstRoute = true,
                RemoveAllRoutes = m.Method == SipMethod.Invite,
                ViaReceived = "192.0.2.1"u8,
                ViaRPort = 5060,
                MaxForwardsIfAbsent = 70,
            });
            var forwarded = Reparse("forwarded request");
            var expectedMaxForwards = m.MaxForwards < 0 ? 70 : m.MaxForwards - 1;
            if (forwarded is not null && (forwarded.ViaCount != m.ViaCount + 1 || forwarded.MaxForwards != expectedMaxForwards || !forwarded.Body.SequenceEqual(m.Body)
                || !forwarded.MethodName.SequenceEqual(m.MethodName) || (m.Method == SipMethod.Invite && forwarded.Contains(SipHeaderId.Route))))
            {
                throw new FuzzViolation($"forwarded request: {forwarded.ViaCount} Vias (from {m.ViaCount}), Max-Forwards {forwarded.MaxForwards} (expected {expectedMaxForwards}), body or method changed, or a Route kept");
            }
        }
    }

    /// <summary>The written message parsed again; null when it only went over a limit (a Via or a Record-Route more than the original).</summary>
    private SipMessage? Reparse(string what)
    {
        var result = _parser.Parse(_output.WrittenMemory, SipFraming.Datagram, _check);
        if (!result.IsOk && result.Status is not (SipParseStatus.TooManyVias or SipParseStatus.TooManyHeaders or SipParseStatus.MessageTooLarge or SipParseStatus.LineTooLong))
        {
            throw new FuzzViolation($"the {what} written for an accepted message does not parse: {result}");
        }

        return result.IsOk ? _check : null;
    }

    private void CheckBadRequest(byte[] input, SipParseResult result)
    {
        _output.ResetWrittenCount();
        if (!SipBadRequestWriter.TryWrite(input, result, _output))
        {
            return;
        }

        if (!_output.WrittenSpan.StartsWith("SIP/2.0 "u8) || !_parser.Parse(_output.WrittenMemory, SipFraming.Datagram, _check).IsOk)
        {
            UnparseableBadRequests++;
        }
    }
}
