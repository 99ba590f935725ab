using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

public sealed class SipMessageTests
{
    [Fact]
    public void Clone_TheReusedMessageIsParsedAgainOverTheSameBuffer_TheCloneStillReadsTheFirst()
    {
        // More headers and Vias than the message holds inline, so the overflow arrays are copied too.
        var first = Response("first", vias: 10, extraHeaders: 40);
        var buffer = Encoding.ASCII.GetBytes(first);
        var reused = new SipMessage();
        Assert.True(SipParser.Default.Parse(buffer, SipFraming.Datagram, reused).IsOk);

        var clone = reused.Clone();
        var second = Encoding.ASCII.GetBytes(Response("another", vias: 12, extraHeaders: 36));
        second.AsSpan(0, buffer.Length).CopyTo(buffer);
        Assert.True(SipParser.Default.Parse(second, SipFraming.Datagram, reused).IsOk);

        Assert.Equal(10, clone.ViaCount);
        Assert.Equal("first-9.example.com", Text(clone.GetVia(9).Host));
        Assert.True(clone.TryGetHeaderValue("X-Extra-39", out var last));
        Assert.Equal("first", Text(last));
        Assert.Equal("first@example.com", Text(clone.CallId));
        Assert.Equal(first, Text(clone.Memory.Span));
        Assert.Equal("another-11.example.com", Text(reused.GetVia(11).Host));
    }

    private static string Response(string name, int vias, int extraHeaders)
    {
        var text = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (var i = 0; i < vias; i++)
        {
            text.Append($"Via: SIP/2.0/UDP {name}-{i}.example.com;branch=z9hG4bK{name}{i}\r\n");
        }

        text.Append($"From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: {name}@example.com\r\nCSeq: 1 INVITE\r\n");
        for (var i = 0; i < extraHeaders; i++)
        {
            text.Append($"X-Extra-{i}: {name}\r\n");
        }

        return text.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
