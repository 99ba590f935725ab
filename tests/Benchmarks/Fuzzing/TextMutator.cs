using System.Text;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Mutations for the operator's texts: dispatcher.list files (lines duplicated, dropped, swapped,
/// fields replaced by numbers past their limits, odd URIs and attributes, separators, control
/// characters, invalid UTF-8 decoded as the reader would get it) and configuration values.
/// </summary>
internal static class TextMutator
{
    public static readonly string[] ListSeeds =
    [
        """
        # setid destination flags priority attrs [description]
        1 sip:10.0.0.11:5080 0 10 duid=ast1;weight=50;maxload=120 Asterisk 1
        1 10.0.0.12:5080     8  5 duid=ast2;weight=30
        2 sip:[2001:db8::13]:5080 0x8 0 duid=ast3;rweight=20;ping_from=sip:lb@example.com
        """,
        """
        1 sip:192.168.1.10:5060 0 0 weight=50 Asterisk-A
        1 sip:192.168.1.20:5060 0 0 weight=50 Asterisk-B
        2 sip:10.0.0.11:5080;transport=tcp 0 10 weight=40;duid=ast1;cc=1;latency=20;ocmin=10;ocmax=100;ocrate=50
        3 sip:asterisk.example.com:5060 16 0 socket=udp:10.0.0.1:5060;obproxy=sip:10.0.0.2;prefix=49
        4 sip:203.0.113.6:5060 1 0 duid=down6
        """,
    ];

    private static readonly string[] Fields =
    [
        "0", "1", "-1", "0x", "0xZZ", "0xFFFFFFFFFF", "2147483648", "99999999999999999999", "sip:", "sip:@", "sip:[::1", "sip:a@b:99999",
        "tel:+1", "sips:x", "10.0.0.1:", ":5060", "duid=", "weight=", "weight=101", "weight=-5", "maxload=abc", "a=b;;c", ";", "=", "duid=a=b",
        "ping_from=sip:", "socket=udp:", "latency=1e9", "#", "# comment", "\t", "\\", "\"", "\u0000", "\u00ff", "\ufffd", "\u2028", "\ud83d\ude00",
    ];

    public static string MutateList(string seed, FuzzRandom random)
    {
        var lines = seed.Split('\n').ToList();
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            var index = random.Next(lines.Count);
            switch (random.Next(8))
            {
                case 0:
                    lines.Insert(random.Next(lines.Count + 1), lines[index]);
                    break;
                case 1 when lines.Count > 1:
                    lines.RemoveAt(index);
                    break;
                case 2:
                    var other = random.Next(lines.Count);
                    (lines[index], lines[other]) = (lines[other], lines[index]);
                    break;
                case 3:
                    lines[index] = ReplaceField(lines[index], random);
                    break;
                case 4:
                    lines[index] = lines[index].Insert(random.Next(lines[index].Length + 1), Fields[random.Next(Fields.Length)]);
                    break;
                case 5:
                    lines[index] = lines[index].Insert(random.Next(lines[index].Length + 1), new string(random.Pick<char>("a 9;=:\t".AsSpan()), random.Pick<int>(ByteMutations.LongLengths)));
                    break;
                case 6:
                    lines[index] = Encoding.UTF8.GetString(ByteMutations.Mutate(Encoding.UTF8.GetBytes(lines[index]), random));
                    break;
                default:
                    lines[index] = lines[index].Replace(' ', random.Pick<char>(" \t\r\v\f\u00a0".AsSpan()));
                    break;
            }
        }

        return string.Join(random.Chance(80) ? "\n" : "\r\n", lines);
    }

    /// <summary>One configuration value made odd: a number past its range, a bad network, a pattern that backtracks, a control character.</summary>
    public static string MutateValue(string value, FuzzRandom random) => random.Next(8) switch
    {
        0 => Encoding.UTF8.GetString(random.Pick<byte[]>(ByteMutations.Numbers)),
        1 => random.Pick<string>(["10.0.0.0/33", "::/129", "1.2.3", "010.0.0.1", "::ffff:10.0.0.0/95", "2001:db8::/32", "0.0.0.0/0", "a.b.c.d", "10.0.0.1/", "/8"]),
        2 => random.Pick<string>(["(a+)+$", "^(\\d+)*x$", "[", "(?<n>", "\\", ".*.*.*.*.*.*=", "(?=a)*", "^$", "a{99999}"]),
        3 => random.Pick<string>(["", " ", "true", "yes", "Reply", "drop", "0s", "-1s", "1e308", "00:00:00.0000001", "10675199.02:48:05.4775807", "5 s", "500ms", "2m", "inbound"]),
        4 => value + Fields[random.Next(Fields.Length)],
        5 => new string('9', random.Pick<int>(ByteMutations.LongLengths)),
        6 => Encoding.UTF8.GetString(ByteMutations.Mutate(Encoding.UTF8.GetBytes(value), random)),
        _ => value.ToUpperInvariant(),
    };

    private static string ReplaceField(string line, FuzzRandom random)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            return Fields[random.Next(Fields.Length)];
        }

        fields[random.Next(fields.Length)] = Fields[random.Next(Fields.Length)];
        return string.Join(' ', fields);
    }
}
