using System.Buffers;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Torture;
using OrleansLB.Client.Sip.Writing;

namespace OrleansLB.Client.Sip.Parsing;

/// <summary>
/// Feeds seeded random mutations of valid and torture messages to the parser, and every accessor and
/// writer of the messages that still parse: none may throw, whatever the bytes.
/// </summary>
public sealed class SipParserFuzzTests
{
    private const int MutationsPerMessage = 300;

    // Bytes that matter to the grammar, so mutations hit separators and escapes, not only letters.
    private static readonly byte[] Interesting = "\r\n\t :;,=\"<>@%/\\?&[]*0zZ\0\u00ff"u8.ToArray();

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>(TortureMessages.All());
        data.Add("sample:invite");
        data.Add("sample:ok");
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Parse_RandomMutations_NeverThrow(string name)
    {
        var original = name switch
        {
            "sample:invite" => SipSamples.Bytes(SipSamples.Invite),
            "sample:ok" => SipSamples.Bytes(SipSamples.Ok),
            _ => TortureMessages.Load(name),
        };
        var random = new Random(name.Aggregate(17, (h, c) => (h * 31) + c));
        var parser = new SipParser(SipParserLimits.Default with { MaxLineLength = 1024, MaxVias = 8, MaxHeaders = 40 });
        var message = new SipMessage();
        for (var i = 0; i < MutationsPerMessage; i++)
        {
            var mutated = Mutate(original, random);
            foreach (var framing in (ReadOnlySpan<SipFraming>)[SipFraming.Datagram, SipFraming.Stream])
            {
                var result = parser.Parse(mutated, framing, message);
                Assert.False(string.IsNullOrEmpty(result.ReasonPhrase));
                if (result.IsOk)
                {
                    Exercise(message);
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 4:
                    var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void Exercise(SipMessage m)
    {
        _ = m.ToString();
        _ = m.TryGetRequestUri(out var uri) && uri.IsLooseRouter;
        for (var i = 0; i < m.ViaCount; i++)
        {
            var via = m.GetVia(i);
            _ = via.Transport;
            _ = via.RPort;
            _ = via.Maddr.Length + via.Branch.Length + via.Received.Length;
        }

        _ = m.From.Tag.Length + m.To.DisplayName.Length + m.FromTag.Length + m.ToTag.Length + m.CallId.Length;
        foreach (var header in m.Headers)
        {
            _ = header.ToString();
            foreach (var value in m.GetValues(header.Name))
            {
                if (value.TryGetAddress(out var address))
                {
                    _ = address.TryGetUri(out var valueUri) && valueUri.HasParameter("lr"u8);
                    foreach (var p in address.GetParameters())
                    {
                        _ = p.Value.Length;
                    }
                }
            }
        }

        _ = m.TryGetAuthorizationUsername(SipHeaderId.Authorization, out _);
        var output = new ArrayBufferWriter<byte>();
        if (m.IsRequest)
        {
            SipMessageWriter.WriteResponse(output, m, 400, "Bad Request"u8,
                new SipResponseOptions { ToTag = "t"u8, ViaReceived = "192.0.2.1"u8, ViaRPort = 5060 });
            if (m.Method == SipMethod.Invite)
            {
                SipMessageWriter.WriteCancel(output, m);
            }

            if (m.MaxForwards != 0)
            {
                SipMessageWriter.WriteForwardedRequest(output, m, new SipForwardEdits
                {
                    Via = "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx"u8,
                    RemoveFirstRoute = true,
                    ViaReceived = "192.0.2.1"u8,
                    ViaRPort = 5060,
                });
            }
        }
        else if (m.ViaCount >= 2)
        {
            SipMessageWriter.WriteForwardedResponse(output, m);
        }
    }
}
