using System.Globalization;
using System.Net;
using OrleansLB.Client.Sipp;
using Xunit.Abstractions;

namespace OrleansLB.Client.Integration;

/// <summary>
/// The running edge against real hostile tools on loopback (issue 6): SIPVicious scanning it, and
/// one source flooding it with OPTIONS at many times the normal rate while calls from another
/// source go on. The edge must stay up, refuse the scanners, bound what the flood gets back, and
/// complete every legitimate call.
/// </summary>
public sealed class EdgeHostileTests(ITestOutputHelper output)
{
    private const int FloodRequests = 6_000;
    private const int FloodRate = 1_500;
    private const int Requests = 50;
    private const int ReplyLimit = 5;

    [Fact]
    public async Task Scanners_SvmapAndSvwar_RefusedWith403AndCallsGoOn()
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasAnswer)]);

        var svmap = await SipViciousRun.RunAsync("svmap", edge.UdpEndPoint);
        var svwar = await SipViciousRun.RunAsync("svwar", edge.UdpEndPoint, "--force", "-e100-130");
        var call = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, 3));
        var backends = await edge.StopBackendsAsync();

        output.WriteLine($"{edge.Sip.Guard?.Stats}; calls: {call.Statistics.SuccessfulCalls} completed, {call.Statistics.FailedCalls} failed");
        var why = $"{svmap.Output}\n{svwar.Output}\n{edge.Sip.Guard?.Stats}\n{edge.Describe([call, .. backends])}";
        Assert.False(svmap.TimedOut || svwar.TimedOut, why);
        Assert.Contains("403 Forbidden", svwar.Output, StringComparison.Ordinal);
        Assert.Contains("found nothing", svwar.Output, StringComparison.Ordinal);
        // svwar gives up at its first unexpected answer: one 403 to its REGISTER probe is all it takes.
        Assert.True(edge.Sip.Guard!.Stats.ScannerRejected >= 2, why);
        Assert.True(backends[0].Counts.Received("INVITE") == 3, why);
        Assert.True(call.AllCallsSucceeded, why);
    }

    [Fact]
    public async Task Scanners_DropAction_SvmapFindsNothing()
    {
        await using var edge = await EdgeUnderTest.StartAsync([new(SippScenarios.UasAnswer)], [new("Sip:Scanners:Action", "Drop")]);

        var svmap = await SipViciousRun.RunAsync("svmap", edge.UdpEndPoint);

        Assert.Contains("found nothing", svmap.Output, StringComparison.Ordinal);
        Assert.True(edge.Sip.Guard!.Stats.ScannerDropped >= 1, svmap.Output);
    }

    [Fact]
    public async Task OptionsFlood_FromOneSource_BoundedAnswersWhileCallsFromAnotherSourceAllComplete()
    {
        await using var edge = await EdgeUnderTest.StartAsync(
            [new(SippScenarios.UasAnswer), new(SippScenarios.UasAnswer)],
            [
                new("Sip:RateLimit:Requests", Requests.ToString(CultureInfo.InvariantCulture)),
                new("Sip:RateLimit:Window", "1s"),
                new("Sip:RateLimit:BlockTime", "5s"),
                new("Sip:RateLimit:ReplyLimit", ReplyLimit.ToString(CultureInfo.InvariantCulture)),
            ]);
        var flood = new SippOptions
        {
            Scenario = Path.Combine(SippScenarios.Directory, "uac_options_flood.xml"),
            Remote = edge.UdpEndPoint,
            CallRate = FloodRate,
            MaxCalls = FloodRequests,
            Deadline = TimeSpan.FromSeconds(40),
            TraceMessages = false,
            LocalAddress = IPAddress.Parse("127.0.0.3"),
            ExtraArguments = ["-nr"],
        };
        var calls = edge.Caller(SippScenarios.UacCall, SippTransport.Udp, 30) with
        {
            CallRate = 8,
            Deadline = TimeSpan.FromSeconds(40),
            LocalAddress = IPAddress.Parse("127.0.0.2"),
        };

        var results = await Task.WhenAll(SippProcess.RunAsync(flood), SippProcess.RunAsync(calls));
        var (flooder, caller) = (results[0], results[1]);
        var backends = await edge.StopBackendsAsync();

        var stats = edge.Sip.Guard!.Stats;
        var why = $"{stats}\n{edge.Describe([flooder, caller, .. backends])}";
        var sent = flooder.Counts.Sent("OPTIONS");
        var windows = (int)Math.Ceiling(flooder.Elapsed.TotalSeconds) + 1;
        output.WriteLine($"flood: {sent} OPTIONS in {flooder.Elapsed.TotalSeconds:0.0} s, {flooder.Counts.Received("200")} 200s, {flooder.Counts.Received("503")} 503s; {stats}; calls: {caller.Statistics.SuccessfulCalls} completed, {caller.Statistics.FailedCalls} failed");
        Assert.True(sent >= FloodRequests * 9 / 10, why);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.Equal(0, caller.Statistics.FailedCalls);
        Assert.Equal(30, caller.Statistics.SuccessfulCalls);

        // What the flood got back is bounded by the rate, not by what it sent.
        Assert.True(flooder.Counts.Received("200") <= 2 * Requests, why);
        Assert.True(flooder.Counts.Received("503") <= ReplyLimit * windows, why);
        Assert.True(stats.RateLimitReplied <= ReplyLimit * windows, why);
        Assert.True(stats.RateLimited >= sent / 2, why);
    }
}
