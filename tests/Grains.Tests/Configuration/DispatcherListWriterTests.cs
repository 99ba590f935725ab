using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

public sealed class DispatcherListWriterTests
{
    private const DispatcherListLoadMode Strict = DispatcherListLoadMode.Strict;

    [Fact]
    public void Write_Snapshot_HeaderThenSetsInIdOrderAndLinesInWrittenOrder()
    {
        var weight = Attrs("weight=50;duid=b");
        var snapshot = new DispatcherSnapshot(7,
        [
            DestinationSet.Create(2, [new Destination("sip:c", DestinationFlags.None, 0, DestinationAttributes.Empty)]),
            DestinationSet.Create(1,
            [
                new Destination("sip:a", DestinationFlags.Probing, 0, DestinationAttributes.Empty, "Asterisk A"),
                new Destination("sip:b:5080", DestinationFlags.None, 10, weight),
            ]),
        ]);

        var text = DispatcherListWriter.Write(snapshot);

        Assert.Equal(
            """
            # dispatcher.list written by OrleansLB from snapshot version 7
            # setid destination flags priority attrs description

            1 sip:a 8 0 ; Asterisk A
            1 sip:b:5080 0 10 weight=50;duid=b

            2 sip:c 0 0

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Write_RuntimeTryingBit_IsDroppedAndConfigurationBitsKept()
    {
        var every = DestinationFlags.Inactive | DestinationFlags.Trying | DestinationFlags.Disabled
            | DestinationFlags.Probing | DestinationFlags.NoDnsResolve | DestinationFlags.NoPing;
        var snapshot = new DispatcherSnapshot(1, [DestinationSet.Create(1, [new Destination("sip:a", every, 0, DestinationAttributes.Empty)])]);

        var text = DispatcherListWriter.Write(snapshot);

        Assert.Contains("\n1 sip:a 61 0\n", text, StringComparison.Ordinal);
        var read = DispatcherListReader.Read(text, "dispatcher.list", Strict).Snapshot;
        Assert.Equal(every & ~DestinationFlags.Trying, read.Sets[0][0].Flags);
    }

    [Fact]
    public void Write_DescriptionWithLineBreaks_StaysOnOneLine()
    {
        var destination = new Destination("sip:a", DestinationFlags.None, 0, Attrs("duid=a"), "rack 4\n  shelf\t2 ");
        var snapshot = new DispatcherSnapshot(1, [DestinationSet.Create(1, [destination])]);

        var text = DispatcherListWriter.Write(snapshot);

        Assert.EndsWith("\n1 sip:a 0 0 duid=a rack 4 shelf 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EmptySnapshot_IsOnlyTheHeaderAndReadsBackEmpty()
    {
        var text = DispatcherListWriter.Write(DispatcherSnapshot.Empty);

        var result = DispatcherListReader.Read(text, "dispatcher.list", Strict);

        Assert.Equal(2, text.Count(c => c == '\n'));
        Assert.True(result.Succeeded);
        Assert.Empty(result.Snapshot.Sets);
    }

    [Theory]
    [MemberData(nameof(DispatcherListSamples.ValidFiles), MemberType = typeof(DispatcherListSamples))]
    public void RoundTrip_SeedFiles_ReadBackEqual(string file) => AssertRoundTrip(file);

    [Theory]
    [MemberData(nameof(DispatcherListReaderTests.GoodLineTexts), MemberType = typeof(DispatcherListReaderTests))]
    public void RoundTrip_GoodLines_ReadBackEqual(string line) => AssertRoundTrip(line);

    /// <summary>Found by the fuzzer: attrs <c>;#</c> read as <c>#</c>, which written bare began a comment and lost the attrs and the description.</summary>
    [Theory]
    [InlineData("2 sip:[2001:db8::13]:5080 8 0 ;# comment")]
    [InlineData("2 sip:10.0.0.13:5080 0 0 ;#duid=a")]
    public void RoundTrip_AttrsThatReadAsStartingWithHash_ReadBackEqual(string line) => AssertRoundTrip(line);

    [Fact]
    public void RoundTrip_RepositorySample_ReadsBackEqual() => AssertRoundTrip(File.ReadAllText(DispatcherListSamples.SampleFilePath()));

    [Fact]
    public void RoundTrip_GoodLinesOfAMalformedFile_ReadBackEqualInStrictMode()
    {
        var skipped = DispatcherListReader.Read(DispatcherListSamples.Malformed, "dispatcher.list", DispatcherListLoadMode.SkipInvalid);

        var again = DispatcherListReader.Read(DispatcherListWriter.Write(skipped.Snapshot), "dispatcher.list", Strict);

        Assert.True(again.Succeeded);
        SnapshotAssert.SameSets(skipped.Snapshot, again.Snapshot);
    }

    [Property(MaxTest = 300)]
    public Property RoundTrip_GeneratedValidFiles_ReadBackEqual() =>
        Prop.ForAll(GeneratedFiles().ToArbitrary(), file =>
        {
            AssertRoundTrip(file);
            return true;
        });

    private static void AssertRoundTrip(string file)
    {
        var first = DispatcherListReader.Read(file, "dispatcher.list", Strict);
        Assert.True(first.Succeeded, string.Join('\n', first.Errors));

        var written = DispatcherListWriter.Write(first.Snapshot);
        var second = DispatcherListReader.Read(written, "dispatcher.list", Strict);

        Assert.True(second.Succeeded, string.Join('\n', second.Errors));
        SnapshotAssert.SameSets(first.Snapshot, second.Snapshot);
        Assert.Equal(written, DispatcherListWriter.Write(second.Snapshot));
    }

    private static DestinationAttributes Attrs(string text)
    {
        Assert.True(DestinationAttributes.TryParse(text, out var attributes, out var error), error);
        return attributes;
    }

    /// <summary>Files of valid lines with every optional column present or not, any spacing, comments, and no Trying bit (the writer drops it).</summary>
    private static Gen<string> GeneratedFiles()
    {
        var octet = Gen.Choose(0, 255);
        var host = Gen.OneOf(
            Gen.Four(octet).Select(o => $"{o.Item1}.{o.Item2}.{o.Item3}.{o.Item4}"),
            Gen.Elements("gw.example.com", "asterisk-1", "my_host.local.", "[::1]", "[2001:db8::5]"));
        var uri =
            from scheme in Gen.Elements("", "sip:", "sips:", "SIP:")
            from user in Gen.Elements("", "trunk@")
            from h in host
            from port in Gen.OneOf(Gen.Constant(""), Gen.Choose(1, 65535).Select(p => $":{p}"))
            from parameters in Gen.Elements("", ";transport=tcp", ";lr;transport=udp")
            select scheme + user + h + port + parameters;
        var flags =
            from bits in Gen.SubListOf(new[] { 1, 4, 8, 16, 32 })
            from hex in Gen.Elements(false, true)
            let value = bits.Sum()
            select hex ? $"0x{value:X}" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var attrs = Gen.SubListOf(new[] { "duid=d{0}", "weight=30", "rweight=70", "maxload=0", "cc=1", "socket=udp:10.0.0.1:5060", "prefix=49" })
            .Select(pairs => pairs.Count == 0 ? ";" : string.Join(';', pairs));
        var description = Gen.Elements("", "", "Asterisk-A", "rack 4  shelf 2", "# a comment");
        var space = Gen.Elements(" ", "\t", "  ", " \t ");
        var line =
            from setId in Gen.Choose(0, 4)
            from u in uri
            from f in flags
            from priority in Gen.Choose(-3, 20)
            from a in attrs
            from d in description
            from columns in Gen.Choose(2, 6)
            from s in space
            let all = new[] { setId.ToString(System.Globalization.CultureInfo.InvariantCulture), u, f, priority.ToString(System.Globalization.CultureInfo.InvariantCulture), a, d }
            select string.Join(s, all.Take(columns).Where(c => c.Length > 0));
        var row = Gen.Frequency(
            (8, line),
            (1, Gen.Elements("", "# comment", "   ", "\t# indented")));
        return Gen.ListOf(row).Select(rows => string.Join('\n', rows.Select((r, i) => r.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))));
    }
}
