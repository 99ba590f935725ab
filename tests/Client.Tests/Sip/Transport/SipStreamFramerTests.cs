using System.Text;
using FsCheck;
using FsCheck.Xunit;
using static OrleansLB.Client.Sip.Transport.SipTestMessages;

namespace OrleansLB.Client.Sip.Transport;

public sealed class SipStreamFramerTests
{
    private const string Headers = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n";

    // Three messages (one with a body), a ping between two of them and stray CRLFs before a start line.
    private static readonly string Stream =
        Request(1) + Request(2, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n") + "\r\n\r\n" + "\r\n" + Request(3, "x");

    private static readonly string[] StreamEvents = ["M:" + Request(1), "M:" + Request(2, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"), "PING", "M:" + Request(3, "x")];

    [Fact]
    public void Next_WholeMessageWithBody_OneMessageExactlyItsBytes()
    {
        var message = Request(7, "hello\r\n\r\nworld");

        Assert.Equal(["M:" + message], new FramerHarness().Feed(message).Events);
    }

    [Fact]
    public void Next_MessageThenBytesOfTheNext_MessageAndTheRestKept()
    {
        var harness = new FramerHarness().Feed(Request(1) + "OPTIONS sip:x");

        Assert.Equal(["M:" + Request(1)], harness.Events);
        Assert.Equal("OPTIONS sip:x".Length, harness.Pending);
    }

    [Fact]
    public void Next_SeveralMessagesAndPingsInOneRead_AllInOrder()
    {
        Assert.Equal(StreamEvents, new FramerHarness().Feed(Stream).Events);
    }

    [Fact]
    public void Next_SplitAtEveryBytePosition_SameEvents()
    {
        for (var split = 0; split <= Stream.Length; split++)
        {
            Assert.Equal(StreamEvents, FramerHarness.Run(Stream, [split]));
        }
    }

    [Fact]
    public void Next_SplitAtEveryPairOfPositions_SameEvents()
    {
        var stream = "\r\n" + Request(1, "ab") + "\r\n\r\n" + Request(2);
        string[] expected = ["M:" + Request(1, "ab"), "PING", "M:" + Request(2)];
        for (var first = 0; first <= stream.Length; first += 3)
        {
            for (var second = 0; first + second <= stream.Length; second++)
            {
                Assert.Equal(expected, FramerHarness.Run(stream, [first, second]));
            }
        }
    }

    [Fact]
    public void Next_OneByteAtATime_SameEvents()
    {
        Assert.Equal(StreamEvents, FramerHarness.Run(Stream, Enumerable.Repeat(1, Stream.Length)));
    }

    [Property(MaxTest = 300)]
    public bool Next_RandomChunks_SameEvents(PositiveInt seed) => ChunkedRunMatches(seed.Get);

    [Theory]
    [InlineData("Content-Length: 3")]
    [InlineData("content-length:3")]
    [InlineData("CONTENT-LENGTH \t: \t3 \t")]
    [InlineData("l: 3")]
    [InlineData("L:3")]
    [InlineData("l :003")]
    [InlineData("Content-Length:\r\n 3")]
    [InlineData("Content-Length: 3\r\nl: 3")]
    public void Next_ContentLengthForms_BodyOfThreeBytes(string header)
    {
        var message = Headers + header + "\r\n\r\nabc";

        Assert.Equal(["M:" + message], new FramerHarness().Feed(message + "OPTIONS").Events);
    }

    [Theory]
    [InlineData("Content-Type: application/sdp")]
    [InlineData("Content-Length-X: 3")]
    [InlineData("lx: 3")]
    [InlineData("X-Content-Length: 3")]
    [InlineData("Subject: see l: 3")]
    [InlineData(" l: 3")]
    public void Next_NoContentLengthHeader_MissingContentLength(string header)
    {
        Assert.Equal(["ERR:MissingContentLength"], new FramerHarness().Feed(Headers + header + "\r\n\r\nabc").Events);
    }

    [Fact]
    public void Next_StartLineOnly_MissingContentLength()
    {
        Assert.Equal(["ERR:MissingContentLength"], new FramerHarness().Feed("OPTIONS sip:a@b SIP/2.0\r\n\r\n").Events);
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: +1")]
    [InlineData("Content-Length: 1 2")]
    [InlineData("Content-Length: 1\r\n 2")]
    [InlineData("Content-Length:")]
    [InlineData("Content-Length: \t ")]
    [InlineData("Content-Length: 0x10")]
    [InlineData("Content-Length: 3\r\nl: 4")]
    public void Next_BadContentLength_InvalidContentLength(string header)
    {
        Assert.Equal(["ERR:InvalidContentLength"], new FramerHarness().Feed(Headers + header + "\r\n\r\nabcd").Events);
    }

    [Theory]
    [InlineData("Content-Length: 65536")]
    [InlineData("Content-Length: 99999999999999999999999999")]
    public void Next_BodyLongerThanTheLimit_MessageTooLarge(string header)
    {
        Assert.Equal(["ERR:MessageTooLarge"], new FramerHarness().Feed(Headers + header + "\r\n\r\n").Events);
    }

    [Fact]
    public void Next_HeadersPlusBodyOverTheLimit_MessageTooLargeBeforeTheBodyArrives()
    {
        var head = Headers + "Content-Length: 1000\r\n\r\n";

        Assert.Equal(["ERR:MessageTooLarge"], new FramerHarness(1024).Feed(head).Events);
    }

    [Fact]
    public void Next_MessageExactlyAtTheLimit_Delivered()
    {
        var head = Headers + "Content-Length: 0900\r\n\r\n";
        var message = head + new string('b', 900);

        Assert.Equal(["M:" + message], new FramerHarness(message.Length).Feed(message).Events);
        Assert.Equal(["ERR:MessageTooLarge"], new FramerHarness(message.Length - 1).Feed(message).Events);
    }

    [Fact]
    public void Next_NoEndOfHeadersWithinTheLimit_HeadersTooLarge()
    {
        var harness = new FramerHarness(1024);
        harness.Feed(Headers);
        for (var i = 0; i < 100 && harness.Events.Count == 0; i++)
        {
            harness.Feed("X-Filler: " + new string('f', 20) + "\r\n");
        }

        Assert.Equal(["ERR:HeadersTooLarge"], harness.Events);
        Assert.InRange(harness.Pending, 1024, 1024 + 32);
    }

    [Fact]
    public void Next_HeaderBlockEndingJustPastTheLimit_HeadersTooLarge()
    {
        var message = Headers + "l: 0\r\n\r\n";

        Assert.Equal(["M:" + message], new FramerHarness(message.Length).Feed(message).Events);
        Assert.Equal(["ERR:HeadersTooLarge"], new FramerHarness(message.Length - 1).Feed(message).Events);
    }

    [Fact]
    public void Next_DoubleCrlf_PingConsumingFourBytes()
    {
        var framer = new SipStreamFramer(1024);

        var frame = framer.Next("\r\n\r\nOPT"u8);

        Assert.Equal(SipFrameStatus.KeepAlivePing, frame.Status);
        Assert.Equal(4, frame.Consumed);
    }

    [Fact]
    public void Next_HalfAPing_WaitsWithoutConsuming()
    {
        var framer = new SipStreamFramer(1024);

        Assert.Equal(SipFrame.NeedMoreData(0), framer.Next("\r\n"u8));
        Assert.Equal(SipFrame.NeedMoreData(0), framer.Next("\r\n\r"u8));
        Assert.Equal(SipFrame.KeepAlivePing(4), framer.Next("\r\n\r\n"u8));
    }

    [Fact]
    public void Next_SingleCrlfPongBeforeAMessage_SkippedNotAPing()
    {
        Assert.Equal(["M:" + Request(1)], FramerHarness.Run("\r\n" + Request(1), [2]));
        Assert.Equal(["M:" + Request(1)], FramerHarness.Run("\n\r\n" + Request(1), [1, 2]));
    }

    [Fact]
    public void Next_SixCrlfBytesThenMessage_OnePingAndTheMessage()
    {
        Assert.Equal(["PING", "M:" + Request(1)], new FramerHarness().Feed("\r\n\r\n\r\n" + Request(1)).Events);
    }

    [Fact]
    public void Next_TwoPings_TwoPongsOwed()
    {
        Assert.Equal(["PING", "PING"], new FramerHarness().Feed("\r\n\r\n\r\n\r\n").Events);
    }

    [Fact]
    public void Next_AfterAnError_ReportsTheSameError()
    {
        var framer = new SipStreamFramer(1024);
        var data = Encoding.ASCII.GetBytes(Headers + "\r\n");

        Assert.Equal(SipFramingError.MissingContentLength, framer.Next(data).Error);
        Assert.Equal(SipFramingError.MissingContentLength, framer.Next(data).Error);
    }

    [Fact]
    public void Constructor_TinyLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipStreamFramer(8));
    }

    private static bool ChunkedRunMatches(int seed)
    {
        var random = new Random(seed);
        var chunks = new List<int>();
        for (var total = 0; total < Stream.Length;)
        {
            var length = random.Next(0, 40);
            chunks.Add(length);
            total += length;
        }

        return FramerHarness.Run(Stream, chunks).SequenceEqual(StreamEvents);
    }
}
