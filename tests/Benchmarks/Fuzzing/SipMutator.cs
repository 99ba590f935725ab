using System.Buffers;
using System.Globalization;
using System.Text;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Makes SIP-shaped inputs from seeds: one to four edits that know the grammar (headers
/// duplicated, dropped, swapped, renamed to other cases and compact forms, numbers pushed past
/// their limits, Content-Length made to lie, line ends mixed, values folded, tokens made huge,
/// NULs and invalid UTF-8 put where they hurt, start lines bent, values crossed over from other
/// seeds), then sometimes a byte-level edit or a cut at any position.
/// </summary>
internal sealed class SipMutator
{
    private static readonly (string Full, string Compact)[] CompactForms =
    [
        ("Via", "v"), ("From", "f"), ("To", "t"), ("Call-ID", "i"), ("Contact", "m"), ("Content-Length", "l"), ("Content-Type", "c"),
        ("Subject", "s"), ("Supported", "k"), ("Event", "o"), ("Refer-To", "r"), ("Allow-Events", "u"), ("Referred-By", "b"),
        ("Accept-Contact", "a"), ("Reject-Contact", "j"), ("Request-Disposition", "d"), ("Identity", "y"), ("Session-Expires", "x"),
        ("Content-Encoding", "e"),
    ];

    private static readonly byte[][] Methods = ByteMutations.Encode(
        "INVITE", "invite", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO", "UPDATE", "PRACK", "REFER", "NOTIFY", "SUBSCRIBE",
        "MESSAGE", "PUBLISH", "NEWMETHOD", "!interesting-Method0123456789_*+`.%indeed'~", "", "IN VITE", "INVITE\0", "INV\u00c9TE");

    private static readonly byte[][] Versions = ByteMutations.Encode(
        "SIP/2.0", "sip/2.0", "SIP/2.1", "SIP/20", "SIP/2.0 ", "SIP/", "SIP/2.", "SIP/.0", "SIP/1.0", "HTTP/1.1", "SIP/99999999999.0", "SIP/2.0\0");

    private static readonly byte[][] StatusCodes = ByteMutations.Encode("099", "100", "180", "199", "200", "404", "699", "700", "1000", "20", "2 0", "-20", "abc", "");

    private static readonly byte[][] RequestUris = ByteMutations.Encode(
        "sip:", "sip:@", "sip:[::1]", "sip:[::1", "sip:a@b:99999", "sip:a@b:-1", "sip:a@b:", "tel:+1-201-555-0123", "mailto:a@b", "*",
        "sip:%00@h", "<sip:a@b>", "sip:a@b;lr?x=y", "sips:a@b", "sip:a@[2001:db8::1]:5060;transport=tcp", "sip:user:pass@host",
        "sip:a@b;;;", "sip:a@b;=x", "sip:a@-b-", "sip:a@1.2.3.4.5", "sip:a@256.1.1.1", "nobodyknowsthisscheme:x", "sip:a b@c");

    private readonly IReadOnlyList<SipSeed> _seeds;
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly List<byte[]> _headers = new(64);

    public SipMutator(IReadOnlyList<SipSeed> seeds)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed is needed.", nameof(seeds));
        }

        _seeds = seeds;
    }

    public IReadOnlyList<SipSeed> Seeds => _seeds;

    /// <summary>A mutated copy of a seed picked at random.</summary>
    public byte[] Mutate(FuzzRandom random) => Mutate(_seeds[random.Next(_seeds.Count)], random);

    public byte[] Mutate(SipSeed seed, FuzzRandom random)
    {
        if (random.Chance(3))
        {
            return seed.Bytes;
        }

        var startLine = seed.StartLine;
        var body = seed.Body;
        _headers.Clear();
        _headers.AddRange(seed.Headers);
        var lineEnds = LineEnds.Crlf;
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(18))
            {
                case 0:
                    Duplicate(random);
                    break;
                case 1:
                    Drop(random);
                    break;
                case 2:
                    Swap(random);
                    break;
                case 3:
                    ChangeNameCase(random);
                    break;
                case 4:
                    ToggleCompactForm(random);
                    break;
                case 5:
                    ChangeNumber(random, ref startLine);
                    break;
                case 6:
                    MakeContentLengthLie(random, body.Length);
                    break;
                case 7:
                    lineEnds = (LineEnds)random.Next(1, 4);
                    break;
                case 8:
                    Fold(random);
                    break;
                case 9:
                    SpaceAroundColon(random);
                    break;
                case 10:
                    MakeTokenLong(random, ref startLine);
                    break;
                case 11:
                    InsertFragment(random, ref startLine, random.Chance(50) ? ByteMutations.InvalidUtf8 : ByteMutations.Fragments);
                    break;
                case 12:
                    Repeat(random);
                    break;
                case 13:
                    CrossOver(random);
                    break;
                case 14:
                    startLine = BendStartLine(random, startLine);
                    break;
                case 15:
                    body = ChangeBody(random, body);
                    break;
                case 16:
                    AddOddHeader(random);
                    break;
                default:
                    var index = random.Next(_headers.Count + 1);
                    if (index == _headers.Count)
                    {
                        startLine = ByteMutations.Mutate(startLine, random);
                    }
                    else
                    {
                        _headers[index] = ByteMutations.Mutate(_headers[index], random);
                    }

                    break;
            }
        }

        var bytes = Serialize(startLine, body, lineEnds, random);
        return random.Next(10) switch
        {
            0 => bytes[..random.Next(bytes.Length + 1)],
            1 or 2 => ByteMutations.Mutate(bytes, random),
            _ => bytes,
        };
    }

    private void Duplicate(FuzzRandom random)
    {
        if (_headers.Count > 0)
        {
            _headers.Insert(random.Next(_headers.Count + 1), _headers[random.Next(_headers.Count)]);
        }
    }

    private void Drop(FuzzRandom random)
    {
        if (_headers.Count > 0)
        {
            _headers.RemoveAt(random.Next(_headers.Count));
        }
    }

    private void Swap(FuzzRandom random)
    {
        if (_headers.Count > 1)
        {
            var a = random.Next(_headers.Count);
            var b = random.Next(_headers.Count);
            (_headers[a], _headers[b]) = (_headers[b], _headers[a]);
        }
    }

    private void ChangeNameCase(FuzzRandom random)
    {
        if (_headers.Count == 0)
        {
            return;
        }

        var index = random.Next(_headers.Count);
        var line = (byte[])_headers[index].Clone();
        var nameLength = SipSeed.NameOf(line).Length;
        var mode = random.Next(3);
        for (var i = 0; i < nameLength; i++)
        {
            if (line[i] is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z')
            {
                line[i] = mode switch
                {
                    0 => (byte)(line[i] | 0x20),
                    1 => (byte)(line[i] & ~0x20),
                    _ => random.Chance(50) ? (byte)(line[i] ^ 0x20) : line[i],
                };
            }
        }

        _headers[index] = line;
    }

    private void ToggleCompactForm(FuzzRandom random)
    {
        if (_headers.Count == 0)
        {
            return;
        }

        var index = random.Next(_headers.Count);
        var line = _headers[index];
        var name = Encoding.ASCII.GetString(SipSeed.NameOf(line));
        foreach (var (full, compact) in CompactForms)
        {
            var replacement = name.Equals(full, StringComparison.OrdinalIgnoreCase) ? compact
                : name.Equals(compact, StringComparison.OrdinalIgnoreCase) ? full : null;
            if (replacement is not null)
            {
                _headers[index] = ByteMutations.Replace(line, 0, name.Length, Encoding.ASCII.GetBytes(replacement));
                return;
            }
        }

        // Not a header with a compact form: give it one at random instead.
        var (f, c) = random.Pick<(string, string)>(CompactForms);
        _headers[index] = ByteMutations.Replace(line, 0, name.Length, Encoding.ASCII.GetBytes(random.Chance(50) ? f : c));
    }

    private void ChangeNumber(FuzzRandom random, ref byte[] startLine)
    {
        var index = random.Next(_headers.Count + 1);
        var line = index == _headers.Count ? startLine : _headers[index];
        var digits = new List<(int Start, int Length)>();
        for (var i = 0; i < line.Length;)
        {
            if (line[i] is >= (byte)'0' and <= (byte)'9')
            {
                var start = i;
                while (i < line.Length && line[i] is >= (byte)'0' and <= (byte)'9')
                {
                    i++;
                }

                digits.Add((start, i - start));
            }
            else
            {
                i++;
            }
        }

        if (digits.Count == 0)
        {
            return;
        }

        var (at, length) = digits[random.Next(digits.Count)];
        var changed = ByteMutations.Replace(line, at, length, random.Pick<byte[]>(ByteMutations.Numbers));
        if (index == _headers.Count)
        {
            startLine = changed;
        }
        else
        {
            _headers[index] = changed;
        }
    }

    private void MakeContentLengthLie(FuzzRandom random, int bodyLength)
    {
        var value = random.Next(6) switch
        {
            0 => (bodyLength + random.Next(-5, 6)).ToString(CultureInfo.InvariantCulture),
            1 => "0",
            2 => (bodyLength + random.Next(1, 100_000)).ToString(CultureInfo.InvariantCulture),
            3 => Encoding.UTF8.GetString(random.Pick<byte[]>(ByteMutations.Numbers)),
            4 => $"{bodyLength}, {bodyLength + 1}",
            _ => $"  {bodyLength}\r\n   ",
        };
        var line = Encoding.UTF8.GetBytes((random.Chance(30) ? "l: " : "Content-Length: ") + value);
        var existing = _headers.FindIndex(h => IsContentLength(SipSeed.NameOf(h)));
        switch (random.Next(4))
        {
            case 0 when existing >= 0:
                _headers.RemoveAt(existing);
                break;
            case 1:
                _headers.Insert(random.Next(_headers.Count + 1), line);
                break;
            default:
                if (existing >= 0)
                {
                    _headers[existing] = line;
                }
                else
                {
                    _headers.Add(line);
                }

                break;
        }

        static bool IsContentLength(ReadOnlySpan<byte> name) => Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "l"u8);
    }

    private void Fold(FuzzRandom random)
    {
        if (_headers.Count == 0)
        {
            return;
        }

        var index = random.Next(_headers.Count);
        var line = _headers[index];
        var colon = Math.Max(0, line.AsSpan().IndexOf((byte)':'));
        var at = random.Next(colon, line.Length + 1);
        _headers[index] = ByteMutations.Insert(line, at, random.Chance(50) ? "\r\n "u8 : random.Chance(50) ? "\r\n\t"u8 : "\n  "u8);
    }

    private void SpaceAroundColon(FuzzRandom random)
    {
        if (_headers.Count == 0)
        {
            return;
        }

        var index = random.Next(_headers.Count);
        var line = _headers[index];
        var colon = line.AsSpan().IndexOf((byte)':');
        _headers[index] = random.Next(4) switch
        {
            0 when colon >= 0 => ByteMutations.Insert(line, colon, " \t "u8),
            1 when colon >= 0 => ByteMutations.Insert(line, colon + 1, "\t\t   "u8),
            2 => ByteMutations.Insert(line, 0, random.Chance(50) ? " "u8 : "\t"u8),
            _ when colon >= 0 => ByteMutations.Remove(line, colon, 1),
            _ => line,
        };
    }

    private void MakeTokenLong(FuzzRandom random, ref byte[] startLine)
    {
        var index = random.Next(_headers.Count + 1);
        var line = index == _headers.Count ? startLine : _headers[index];
        var lengths = ByteMutations.LongLengths.AsSpan();
        var run = ByteMutations.LongRun(random, random.Pick<int>(random.Chance(50) ? lengths[..5] : lengths));
        var changed = ByteMutations.Insert(line, random.Next(line.Length + 1), run);
        if (index == _headers.Count)
        {
            startLine = changed;
        }
        else
        {
            _headers[index] = changed;
        }
    }

    private void InsertFragment(FuzzRandom random, ref byte[] startLine, byte[][] fragments)
    {
        var index = random.Next(_headers.Count + 1);
        var line = index == _headers.Count ? startLine : _headers[index];
        var changed = random.Chance(30) && line.Length > 0
            ? ByteMutations.Replace(line, random.Next(line.Length), 1, random.Pick<byte[]>(fragments))
            : ByteMutations.Insert(line, random.Next(line.Length + 1), random.Pick<byte[]>(fragments));
        if (index == _headers.Count)
        {
            startLine = changed;
        }
        else
        {
            _headers[index] = changed;
        }
    }

    private void Repeat(FuzzRandom random)
    {
        if (_headers.Count == 0)
        {
            return;
        }

        var line = _headers[random.Next(_headers.Count)];
        var copies = random.Pick<int>([2, 31, 32, 33, 255, 256, 257, 600]);
        if (random.Chance(50))
        {
            // One header line holding many comma-separated values (a Via with 40 hops).
            var value = SipSeed.ValueOf(line).ToArray();
            var many = new List<byte>(line);
            for (var i = 1; i < copies && many.Count < 70_000; i++)
            {
                many.Add((byte)',');
                many.AddRange(value);
            }

            _headers[_headers.IndexOf(line)] = [.. many];
            return;
        }

        for (var i = 1; i < copies; i++)
        {
            _headers.Insert(random.Next(_headers.Count + 1), line);
        }
    }

    private void CrossOver(FuzzRandom random)
    {
        var other = _seeds[random.Next(_seeds.Count)];
        if (other.Headers.Length == 0)
        {
            return;
        }

        var donor = other.Headers[random.Next(other.Headers.Length)];
        if (_headers.Count == 0 || random.Chance(40))
        {
            _headers.Insert(random.Next(_headers.Count + 1), donor);
            return;
        }

        // Another header's value under this header's name.
        var index = random.Next(_headers.Count);
        var name = SipSeed.NameOf(_headers[index]);
        _headers[index] = [.. name, .. ": "u8, .. SipSeed.ValueOf(donor)];
    }

    private static byte[] BendStartLine(FuzzRandom random, byte[] startLine)
    {
        var parts = startLine.AsSpan();
        var first = parts.IndexOf((byte)' ');
        var second = first < 0 ? -1 : parts[(first + 1)..].IndexOf((byte)' ') + first + 1;
        var isResponse = parts.StartsWith("SIP/"u8);
        if (first < 0 || second <= first)
        {
            return random.Chance(50) ? [.. random.Pick<byte[]>(Methods), .. " sip:a@b "u8, .. random.Pick<byte[]>(Versions)] : startLine;
        }

        ReadOnlySpan<byte> a = parts[..first], b = parts[(first + 1)..second], c = parts[(second + 1)..];
        byte[] space = random.Chance(85) ? [(byte)' '] : random.Pick<byte[]>(ByteMutations.Encode("", "  ", "\t", " \t", "\r"));
        return random.Next(4) switch
        {
            0 when isResponse => [.. random.Pick<byte[]>(Versions), .. space, .. b, .. " "u8, .. c],
            0 => [.. random.Pick<byte[]>(Methods), .. space, .. b, .. " "u8, .. c],
            1 when isResponse => [.. a, .. space, .. random.Pick<byte[]>(StatusCodes), .. " "u8, .. c],
            1 => [.. a, .. space, .. random.Pick<byte[]>(RequestUris), .. " "u8, .. c],
            2 when isResponse => [.. a, .. " "u8, .. b, .. space, .. ByteMutations.LongRun(random, random.Next(0, 9000))],
            2 => [.. a, .. " "u8, .. b, .. space, .. random.Pick<byte[]>(Versions)],
            _ => [.. random.Pick<byte[]>(ByteMutations.Encode("", " ", "\t", "\r\n", "\r\n\r\n")), .. parts],
        };
    }

    private static byte[] ChangeBody(FuzzRandom random, byte[] body) => random.Next(4) switch
    {
        0 => [],
        1 when body.Length > 0 => body[..random.Next(body.Length)],
        2 => [.. body, .. ByteMutations.LongRun(random, random.Next(1, 2000))],
        _ => ByteMutations.Mutate(body, random),
    };

    private void AddOddHeader(FuzzRandom random)
    {
        byte[] line = random.Next(8) switch
        {
            0 => [.. "X-"u8, .. ByteMutations.LongRun(random, random.Next(1, 300)), .. ": v"u8],
            1 => ": no name"u8.ToArray(),
            2 => "NoColonHere"u8.ToArray(),
            3 => [.. "User-Agent: "u8, .. random.Pick<byte[]>(ByteMutations.Encode("friendly-scanner", "sipvicious", "SIPVICIOUS", "VaxSIPUserAgent/3.1", "Asterisk PBX 20.5"))],
            4 => [.. "Proxy-Require: "u8, .. random.Pick<byte[]>(ByteMutations.Encode("foo", "", "a, b", "\"x\""))],
            5 => [.. "Route: "u8, .. random.Pick<byte[]>(ByteMutations.Encode("<sip:192.0.2.10;lr>", "<sip:evil.example;lr>", "sip:no-brackets", "<sip:a;lr>,<tel:1>", "<", "<sip:[::1];lr;r2=on>"))],
            6 => [.. "Max-Forwards: "u8, .. random.Pick<byte[]>(ByteMutations.Numbers)],
            _ => [.. "Authorization: Digest username=\""u8, .. ByteMutations.LongRun(random, random.Next(0, 100)), .. "\", realm=\"r\""u8],
        };
        _headers.Insert(random.Next(_headers.Count + 1), line);
    }

    private byte[] Serialize(byte[] startLine, byte[] body, LineEnds lineEnds, FuzzRandom random)
    {
        _output.ResetWrittenCount();
        _output.Write(startLine);
        WriteLineEnd(lineEnds, random);
        foreach (var header in _headers)
        {
            _output.Write(header);
            WriteLineEnd(lineEnds, random);
        }

        WriteLineEnd(lineEnds, random);
        _output.Write(body);
        return _output.WrittenSpan.ToArray();
    }

    private void WriteLineEnd(LineEnds lineEnds, FuzzRandom random)
    {
        var end = lineEnds switch
        {
            LineEnds.Crlf => "\r\n"u8,
            LineEnds.Lf => "\n"u8,
            LineEnds.Cr => "\r"u8,
            _ => random.Next(5) switch
            {
                0 => "\n"u8,
                1 => "\r"u8,
                2 => "\n\r"u8,
                3 => "\r\r\n"u8,
                _ => "\r\n"u8,
            },
        };
        _output.Write(end);
    }

    private enum LineEnds
    {
        Crlf,
        Lf,
        Cr,
        Mixed,
    }
}
