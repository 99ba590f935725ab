using System.Runtime.CompilerServices;

namespace OrleansLB.Grains.Configuration;

/// <summary>List files shared by the reader and writer tests: the seed articles' lists, copied verbatim, and the repository sample.</summary>
internal static class DispatcherListSamples
{
    /// <summary>From seeds/kamailio-dispatcher-asterisk-tutorial.txt (§3): a description after the attrs.</summary>
    public const string AsteriskTutorial = """
        # /etc/kamailio/dispatcher.list
        # Format: setid uri flags priority attrs description
        1 sip:192.168.1.10:5060 0 0 weight=50 Asterisk-A
        1 sip:192.168.1.20:5060 0 0 weight=50 Asterisk-B
        """;

    /// <summary>From seeds/vicidial-kamailio-load-balancing.txt, step 2: two sets, double spaces before attrs.</summary>
    public const string VicidialStep2 = """
        # /etc/kamailio/dispatcher.list
        # Format: setid destination flags priority attributes

        # Set 1: Outbound Asterisk servers
        1 sip:10.0.0.11:5080 0 10 weight=50;duid=ast1
        1 sip:10.0.0.12:5080 0 5  weight=30;duid=ast2
        1 sip:10.0.0.13:5080 0 3  weight=20;duid=ast3

        # Set 2: Inbound Asterisk servers (may be the same or different)
        2 sip:10.0.0.11:5080 0 10 weight=40;duid=ast1
        2 sip:10.0.0.12:5080 0 10 weight=40;duid=ast2
        2 sip:10.0.0.13:5080 0 10 weight=20;duid=ast3
        """;

    /// <summary>From the same article, "10-server setup with role separation".</summary>
    public const string VicidialTenServers = """
        # dispatcher.list for 10-server setup with role separation
        # Set 1: Outbound dialing servers
        1 sip:10.0.0.11:5080 0 10 weight=10;duid=out1
        1 sip:10.0.0.12:5080 0 10 weight=10;duid=out2
        1 sip:10.0.0.13:5080 0 10 weight=10;duid=out3
        1 sip:10.0.0.14:5080 0 10 weight=10;duid=out4
        1 sip:10.0.0.15:5080 0 10 weight=10;duid=out5
        1 sip:10.0.0.16:5080 0 10 weight=10;duid=out6
        1 sip:10.0.0.17:5080 0 10 weight=10;duid=out7

        # Set 2: Inbound/IVR servers (separate pool)
        2 sip:10.0.0.18:5080 0 10 weight=34;duid=in1
        2 sip:10.0.0.19:5080 0 10 weight=33;duid=in2
        2 sip:10.0.0.20:5080 0 10 weight=33;duid=in3
        """;

    /// <summary>Kamailio's own documentation example (dispatcher README, file format).</summary>
    public const string KamailioDocs = """
        # setid(int) destination(sip uri) flags(int,opt) priority(int,opt) attrs(str,opt)
        1 sip:127.0.0.1:5080 0 0 duid=abc;socket=udp:127.0.0.1:5060;my=xyz;ping_from=sip:myproxy.com
        1 sip:127.0.0.1:5090 0x8 0 socket=udp:127.0.0.1:5060;prefix=49

        # proxies
        2 sip:127.0.0.1:5080
        2 sip:127.0.0.1:5082
        """;

    /// <summary>Fifteen errors on twelve lines, a duplicate (a warning) and two good lines; the reader tests name each.</summary>
    public const string Malformed = """
        # a file with a mistake on most lines
        1 sip:10.0.0.1:5060 0 0 weight=50
        x sip:10.0.0.2
        -1 sip:10.0.0.3
        2
        2 http://example.com
        2 sip:10.0.0.4 0xZZ
        2 sip:10.0.0.5 0 high
        2 sip:10.0.0.6 0 0 =5
        y sip: z 1 maxload=lots
        2 sip:10.0.0.7 weight=50
        1 sip:10.0.0.1:5060 0 0 weight=20
        2 sip:10.0.0.8 100
        3 sip:2001:db8::1
        3 sip:10.0.0.256:70000
        2 sip:10.0.0.9:5080 8 1 duid=good
        """;

    /// <summary>The repository's <c>samples/dispatcher.list</c>, found from this source file so the test needs no copy step.</summary>
    public static string SampleFilePath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "samples", "dispatcher.list"));

    /// <summary>Every valid file above, for round-trip tests.</summary>
    public static TheoryData<string> ValidFiles() => new(AsteriskTutorial, VicidialStep2, VicidialTenServers, KamailioDocs);
}
