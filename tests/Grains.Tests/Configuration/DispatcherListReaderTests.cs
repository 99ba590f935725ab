using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

public sealed class DispatcherListReaderTests
{
    private const DispatcherListLoadMode Strict = DispatcherListLoadMode.Strict;

    /// <summary>line, set id, URI, flags, priority, attrs as written back, description.</summary>
    public static TheoryData<string, int, string, int, int, string, string?> GoodLines => new()
    {
        { "1 sip:10.0.0.1:5060", 1, "sip:10.0.0.1:5060", 0, 0, "", null },
        { "1 sip:10.0.0.1:5060 8", 1, "sip:10.0.0.1:5060", 8, 0, "", null },
        { "1 sip:10.0.0.1:5060 0x8 5", 1, "sip:10.0.0.1:5060", 8, 5, "", null },
        { "7 sip:10.0.0.1 0X1c 5 duid=a", 7, "sip:10.0.0.1", 28, 5, "duid=a", null },
        { "0 sip:10.0.0.1:5060 1 0 weight=50", 0, "sip:10.0.0.1:5060", 1, 0, "weight=50", null },
        { "1\tsip:10.0.0.1:5060\t4\t7\tweight=50;duid=x", 1, "sip:10.0.0.1:5060", 4, 7, "weight=50;duid=x", null },
        { "  1   sip:gw.example.com  0  0  weight=50   Asterisk-A  ", 1, "sip:gw.example.com", 0, 0, "weight=50", "Asterisk-A" },
        { "1 sip:gw 0 0 weight=50 Asterisk \t A # primary", 1, "sip:gw", 0, 0, "weight=50", "Asterisk A" },
        { "1 sip:gw 0 0 ; Description only", 1, "sip:gw", 0, 0, "", "Description only" },
        { "1 10.0.0.1:5080", 1, "sip:10.0.0.1:5080", 0, 0, "", null },
        { "1 gw.example.com 8 2", 1, "sip:gw.example.com", 8, 2, "", null },
        { "1 SIP:gw.example.com", 1, "SIP:gw.example.com", 0, 0, "", null },
        { "1 sips:[2001:db8::1]:5061 0 0", 1, "sips:[2001:db8::1]:5061", 0, 0, "", null },
        { "1 [::1]:5060", 1, "sip:[::1]:5060", 0, 0, "", null },
        { "1 sip:[fe80::1]", 1, "sip:[fe80::1]", 0, 0, "", null },
        { "1 sip:gw.example.com;transport=tcp 0 0", 1, "sip:gw.example.com;transport=tcp", 0, 0, "", null },
        { "1 sip:trunk@gw.example.com:5080;transport=tls 32 -1", 1, "sip:trunk@gw.example.com:5080;transport=tls", 32, -1, "", null },
        { "1 sip:gw 0 0 duid=a # a comment", 1, "sip:gw", 0, 0, "duid=a", null },
        { "1 sip:gw # a comment", 1, "sip:gw", 0, 0, "", null },
        { "1 sip:gw#comment 8", 1, "sip:gw", 0, 0, "", null },
        { "1 sip:gw 8#comment 3", 1, "sip:gw", 8, 0, "", null },
        { "1 sip:gw 0 0 prefix=49;my=a#b", 1, "sip:gw", 0, 0, "prefix=49;my=a#b", null },
        { "1 sip:gw 0 0 weight=50;", 1, "sip:gw", 0, 0, "weight=50", null },
        { "1 sip:my_host-1.example.com. 0 0", 1, "sip:my_host-1.example.com.", 0, 0, "", null },
    };

    public static TheoryData<string> GoodLineTexts => new(GoodLines.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(GoodLines))]
    public void Read_GoodLine_ParsesEveryColumn(string line, int setId, string uri, int flags, int priority, string attrs, string? description)
    {
        var result = DispatcherListReader.Read(line, "dispatcher.list", Strict);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Empty(result.Errors);
        var set = Assert.Single(result.Snapshot.Sets);
        Assert.Equal(setId, set.SetId);
        var destination = Assert.Single(set.Destinations);
        Assert.Equal(uri, destination.Uri);
        Assert.Equal((DestinationFlags)flags, destination.Flags);
        Assert.Equal(priority, destination.Priority);
        Assert.Equal(attrs, destination.Attributes.ToString());
        Assert.Equal(description, destination.Description);
    }

    [Fact]
    public void Read_CommentsBlankLinesAndCrLf_AreIgnored()
    {
        var text = "\uFEFF# header\r\n\r\n   \t \r\n  # indented comment\r\n1 sip:a 0 0 duid=a\r\n#1 sip:commented-out\r\n1 sip:b\r\n";

        var result = DispatcherListReader.Read(text, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        var set = Assert.Single(result.Snapshot.Sets);
        Assert.Equal(["sip:a", "sip:b"], set.InWrittenOrder().Select(d => d.Uri));
        Assert.Equal("a", set.InWrittenOrder().First().Attributes.Duid);
    }

    [Fact]
    public void Read_EmptyText_SucceedsWithNoSets()
    {
        var result = DispatcherListReader.Read("", "dispatcher.list", Strict);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Snapshot.Sets);
        Assert.Equal(1, result.Snapshot.Version);
    }

    [Fact]
    public void Read_AsteriskTutorialSeed_KeepsDescriptionsAndWeights()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.AsteriskTutorial, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        var set = Assert.Single(result.Snapshot.Sets);
        Assert.Equal(1, set.SetId);
        Assert.Equal(
            [("sip:192.168.1.10:5060", "Asterisk-A", 50), ("sip:192.168.1.20:5060", "Asterisk-B", 50)],
            set.InWrittenOrder().Select(d => (d.Uri, d.Description, d.Attributes.Weight)));
    }

    [Fact]
    public void Read_VicidialSeed_BuildsBothSetsInKamailioOrder()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.VicidialStep2, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        Assert.Equal([1, 2], result.Snapshot.Sets.Select(s => s.SetId));
        var outbound = result.Snapshot.Sets[0];
        Assert.Equal(["ast1", "ast2", "ast3"], outbound.Destinations.Select(d => d.Attributes.Duid));
        Assert.Equal([10, 5, 3], outbound.Destinations.Select(d => d.Priority));
        Assert.Equal([50, 30, 20], outbound.Destinations.Select(d => d.Attributes.Weight));

        // Equal priorities: the later line comes first, as Kamailio's reindex copies backwards.
        var inbound = result.Snapshot.Sets[1];
        Assert.Equal(["ast3", "ast2", "ast1"], inbound.Destinations.Select(d => d.Attributes.Duid));
        Assert.Equal([20, 40, 40], inbound.Destinations.Select(d => d.Attributes.Weight));
    }

    [Fact]
    public void Read_VicidialTenServerSeed_ReadsSevenAndThree()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.VicidialTenServers, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        Assert.Equal([7, 3], result.Snapshot.Sets.Select(s => s.Count));
        Assert.Equal(100, result.Snapshot.Sets[1].Destinations.Sum(d => d.Attributes.Weight));
        Assert.True(result.Snapshot.Sets[0].AllSamePositivePriority);
    }

    [Fact]
    public void Read_KamailioDocsExample_ReadsHexFlagsAndUnknownAttributes()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.KamailioDocs, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        var first = result.Snapshot.Sets[0].InWrittenOrder().ToArray();
        Assert.Equal("abc", first[0].Attributes.Duid);
        Assert.Equal("sip:myproxy.com", first[0].Attributes.PingFrom);
        Assert.Equal("xyz", first[0].Attributes["my"]);
        Assert.Equal(DestinationFlags.Probing, first[1].Flags);
        Assert.Equal("49", first[1].Attributes["prefix"]);
        Assert.Equal(2, result.Snapshot.Sets[1].Count);
    }

    [Fact]
    public void Read_PrioritiesInOneSet_HighestFirstAndEqualOnesReversed()
    {
        const string text = """
            1 sip:a 0 0
            1 sip:b 0 10
            1 sip:c 0 5
            1 sip:d 0 10
            1 sip:e 0 0
            """;

        var set = DispatcherListReader.Read(text, "dispatcher.list", Strict).Snapshot.Sets[0];

        Assert.Equal(["sip:d", "sip:b", "sip:c", "sip:e", "sip:a"], set.Destinations.Select(d => d.Uri));

        // The written order a writer replays groups by ascending priority; it rebuilds the same set.
        Assert.Equal(["sip:a", "sip:e", "sip:c", "sip:b", "sip:d"], set.InWrittenOrder().Select(d => d.Uri));
    }

    [Fact]
    public void Read_MalformedStrict_ReportsEveryErrorWithLineAndFieldAndFails()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", Strict);

        Assert.False(result.Succeeded);
        Assert.Same(DispatcherSnapshot.Empty, result.Snapshot);
        Assert.Equal(
            [
                (3, "setid", false), (4, "setid", false), (5, "destination", false), (6, "destination", false),
                (7, "flags", false), (8, "priority", false), (9, "attrs", false),
                (10, "setid", false), (10, "destination", false), (10, "flags", false), (10, "attrs", false),
                (11, "flags", false), (12, "destination", true), (13, "flags", false), (14, "destination", false),
                (15, "destination", false),
            ],
            result.Errors.Select(e => (e.Line, e.Field, e.IsWarning)));
    }

    [Theory]
    [InlineData(3, "'x' is not a whole number")]
    [InlineData(4, "'-1' is negative; set ids are 0 or more")]
    [InlineData(5, "missing; a line is 'setid destination [flags [priority [attrs]]]'")]
    [InlineData(6, "'http://example.com' has scheme 'http'; only sip and sips destinations can be dispatched to")]
    [InlineData(7, "'0xZZ' is not a decimal or 0x-hex number")]
    [InlineData(8, "'high' is not a whole number")]
    [InlineData(9, "attribute '=5' has no name")]
    [InlineData(11, "'weight=50' is not a decimal or 0x-hex number; attrs come after flags and priority, e.g. '0 0 weight=50'")]
    [InlineData(13, "'100' sets bits 64 that Kamailio does not define (1 inactive, 2 trying, 4 disabled, 8 probing, 16 no DNS, 32 no ping)")]
    [InlineData(14, "'sip:2001:db8::1' looks like a bare IPv6 address; write it in brackets, e.g. sip:[2001:db8::1]:5060")]
    [InlineData(15, "'sip:10.0.0.256:70000': host '10.0.0.256' is not a valid IPv4 address")]
    public void Read_MalformedLine_SaysWhatIsWrong(int line, string message)
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", Strict);

        Assert.Equal(message, Assert.Single(result.Errors, e => e.Line == line).Message);
    }

    [Fact]
    public void Read_LineWithSeveralMistakes_ReportsEachColumn()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", Strict);

        Assert.Equal(
            [
                "'y' is not a whole number",
                "'sip:' has no host",
                "'z' is not a decimal or 0x-hex number",
                "attribute 'maxload' must be a whole number, not 'lots'",
            ],
            result.Errors.Where(e => e.Line == 10).Select(e => e.Message));
    }

    [Fact]
    public void Read_MalformedSkipInvalid_KeepsGoodLinesAndReportsWarnings()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", DispatcherListLoadMode.SkipInvalid);

        Assert.True(result.Succeeded);
        Assert.Equal(16, result.Errors.Length);
        Assert.All(result.Errors, e => Assert.True(e.IsWarning));
        Assert.Equal([1, 2], result.Snapshot.Sets.Select(s => s.SetId));
        Assert.Equal([50, 20], result.Snapshot.Sets[0].InWrittenOrder().Select(d => d.Attributes.Weight));
        var good = Assert.Single(result.Snapshot.Sets[1].Destinations);
        Assert.Equal(("sip:10.0.0.9:5080", DestinationFlags.Probing, 1, "good"), (good.Uri, good.Flags, good.Priority, good.Attributes.Duid));
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@gw")]
    [InlineData("sip:gw:0")]
    [InlineData("sip:gw:65536")]
    [InlineData("sip:gw:50a")]
    [InlineData("sip:gw:")]
    [InlineData("sip:[2001:db8::1")]
    [InlineData("sip:[10.0.0.1]")]
    [InlineData("sip:[::1]5060")]
    [InlineData("sip:g w")]
    [InlineData("sip:gw/x")]
    [InlineData("sip:.gw")]
    [InlineData("sip:a..b")]
    [InlineData("sip:10.0.0")]
    [InlineData("sip:;transport=tcp")]
    [InlineData("tel:+4930123")]
    [InlineData("mailto:ops@example.com")]
    public void Read_ImplausibleUri_IsADestinationError(string uri)
    {
        var result = DispatcherListReader.Read($"1 {uri.Replace(" ", "%20", StringComparison.Ordinal)}", "dispatcher.list", Strict);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("destination", 1, false), (error.Field, error.Line, error.IsWarning));
    }

    [Fact]
    public void Read_SameUriTwiceInOneSet_WarnsWithoutFailing()
    {
        const string text = """
            1 sip:gw 0 0
            2 sip:gw 0 0
            1 SIP:GW 0 5
            """;

        var result = DispatcherListReader.Read(text, "dispatcher.list", Strict);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Errors);
        Assert.Equal((3, "destination", true), (warning.Line, warning.Field, warning.IsWarning));
        Assert.Contains("line 1", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Snapshot.Sets[0].Count);
    }

    [Fact]
    public void Read_SameUriUnderDistinctDuids_IsTheHaPatternAndNotWarned()
    {
        const string text = """
            1 sip:gw 0 0 duid=gw-a;socket=udp:10.0.0.1:5060
            1 sip:gw 0 0 duid=gw-b;socket=udp:10.0.0.2:5060
            """;

        var result = DispatcherListReader.Read(text, "dispatcher.list", Strict);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Snapshot.Sets[0].Count);
    }

    [Fact]
    public void Read_SameDuidTwiceInOneSet_WarnsOnAttrs()
    {
        const string text = """
            1 sip:a 0 0 duid=ast1
            1 sip:b 0 0 duid=ast1
            """;

        var result = DispatcherListReader.Read(text, "dispatcher.list", Strict);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Errors);
        Assert.Equal((2, "attrs", true), (warning.Line, warning.Field, warning.IsWarning));
    }

    [Fact]
    public void Error_ToString_IsCompilerStyle()
    {
        var result = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", Strict);

        Assert.Equal("dispatcher.list:7: flags: '0xZZ' is not a decimal or 0x-hex number", result.Errors.Single(e => e.Line == 7).ToString());
        Assert.StartsWith("dispatcher.list:12: warning: destination: 'sip:10.0.0.1:5060' is already in set 1 (line 2)", result.Errors.Single(e => e.Line == 12).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_RepositorySample_LoadsCleanlyInStrictMode()
    {
        var path = DispatcherListSamples.SampleFilePath();

        var result = DispatcherListReader.ReadFile(path, Strict);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        Assert.Equal([1, 2], result.Snapshot.Sets.Select(s => s.SetId));
        foreach (var set in result.Snapshot.Sets)
        {
            Assert.Equal(["sip:127.0.0.1:5071", "sip:127.0.0.1:5072", "sip:127.0.0.1:5073"], set.InWrittenOrder().Select(d => d.Uri));
            Assert.Equal(["ast1", "ast2", "ast3"], set.InWrittenOrder().Select(d => d.Attributes.Duid));
            Assert.Equal(["Asterisk 1", "Asterisk 2", "Asterisk 3"], set.InWrittenOrder().Select(d => d.Description));
            Assert.All(set.Destinations, d => Assert.Equal((100, DestinationFlags.None), (d.Attributes.MaxLoad, d.Flags)));
            Assert.Equal(100, set.Destinations.Sum(d => d.Attributes.Weight));
            Assert.All(set.Destinations, d => Assert.Equal(d.Attributes.Weight, d.Attributes.RelativeWeight));
        }

        Assert.Equal([50, 30, 20], result.Snapshot.Sets[0].InWrittenOrder().Select(d => d.Attributes.Weight));
        Assert.Equal([20, 30, 50], result.Snapshot.Sets[1].InWrittenOrder().Select(d => d.Attributes.Weight));
    }
}
