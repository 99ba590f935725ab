using System.Text;

namespace OrleansLB.Client.Security;

public sealed class ScannerFilterTests
{
    private static readonly ScannerFilter Filter = new(ScannerOptions.Default);

    [Theory]
    [InlineData("User-Agent: friendly-scanner")]
    [InlineData("user-agent:FRIENDLY-SCANNER")]
    [InlineData("User-Agent : sipvicious 0.3.3")]
    [InlineData("User-Agent: VaxSIPUserAgent/3.1")]
    [InlineData("User-Agent: sipcli/v1.8")]
    [InlineData("User-Agent: Linphone\r\n friendly-scanner")]
    [InlineData("User-Agent:\tsundayddr")]
    public void IsScanner_KnownUserAgent_True(string header)
        => Assert.True(Filter.IsScanner(Message(header)));

    [Theory]
    [InlineData("User-Agent: Asterisk PBX 20.5.0")]
    [InlineData("User-Agent: Zoiper rv2.10")]
    [InlineData("Subject: friendly-scanner")]
    [InlineData("X-User-Agent: friendly-scanner")]
    [InlineData("")]
    public void IsScanner_OtherMessages_False(string header)
        => Assert.False(Filter.IsScanner(Message(header)));

    [Fact]
    public void IsScanner_UserAgentInTheBody_False()
    {
        var message = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\nUser-Agent: friendly-scanner\r\n");

        Assert.False(Filter.IsScanner(message));
    }

    [Fact]
    public void IsScanner_ConfiguredList_ReplacesTheDefault()
    {
        var filter = new ScannerFilter(new ScannerOptions { UserAgents = ["BadBot"] });

        Assert.True(filter.IsScanner(Message("User-Agent: my badbot 1.0")));
        Assert.False(filter.IsScanner(Message("User-Agent: friendly-scanner")));
    }

    [Fact]
    public void IsScanner_Disabled_False()
        => Assert.False(new ScannerFilter(new ScannerOptions { Enabled = false }).IsScanner(Message("User-Agent: friendly-scanner")));

    [Fact]
    public void IsScanner_EveryTruncation_NeverThrows()
    {
        var message = Message("User-Agent: friendly-scanner");
        for (var length = 0; length <= message.Length; length++)
        {
            _ = Filter.IsScanner(message.AsSpan(0, length));
        }

        Assert.True(Filter.IsScanner(message.AsSpan(0, message.Length - 6)));
    }

    [Fact]
    public void IsScanner_DoesNotAllocate()
    {
        var message = Message("User-Agent: Asterisk PBX 20.5.0");

        Allocations.AssertNonePerCall(1000, () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                Filter.IsScanner(message);
            }
        });
    }

    [Fact]
    public void Validate_EmptyPart_NamesTheKey()
        => Assert.Contains("Sip:Scanners:UserAgents:1", Assert.Single(new ScannerOptions { UserAgents = ["a", " "] }.Validate()));

    private static byte[] Message(string header) => Encoding.ASCII.GetBytes(
        $"INVITE sip:100@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK1\r\n{(header.Length > 0 ? header + "\r\n" : string.Empty)}Call-ID: x\r\nContent-Length: 0\r\n\r\n");
}
