using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Hosting;

/// <summary>
/// SIGTERM on a real edge process, as Kubernetes stops a pod: /readyz fails at once, new calls
/// get 503, an established call's BYE still goes through, and the process exits with 0 once its
/// calls are done or at <c>Edge:DrainTimeout</c>.
/// </summary>
public sealed partial class EdgeDrainTests
{
    private static readonly TimeSpan Condition = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Sigterm_RefusesNewCallsRelaysTheEstablishedCallsByeAndExitsWhenItEnds()
    {
        var drainTimeout = TimeSpan.FromSeconds(30);
        await using var backend = await SippProcess.StartAsync(new SippOptions { Scenario = SippScenarios.UasAnswer });
        await using var edge = await EdgeProcess.StartAsync([backend.EndPoint], ("Edge:DrainTimeout", "30s"));
        using var http = new HttpClient { BaseAddress = edge.Http };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // Long enough for the checks below to run between SIGTERM and the BYE.
        await using var established = await SippProcess.StartAsync(new SippOptions
        {
            Scenario = SippScenarios.UacCall,
            Remote = edge.SipEndPoint,
            MaxCalls = 1,
            PauseDuration = TimeSpan.FromSeconds(6),
        });
        await WaitUntilAsync(async () => await AcksReceivedAsync(http) >= 1, "the call established (its ACK relayed)", edge);

        edge.Terminate();
        await WaitUntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz failing", edge);
        var refused = await SippProcess.RunAsync(new SippOptions { Scenario = SippScenarios.UacExpect503, Remote = edge.SipEndPoint, MaxCalls = 1 });
        var invite = await FinalResponseToInviteAsync(edge.SipEndPoint);
        var options = await SipOptionsProbe.SendAsync(edge.SipEndPoint, Condition);
        Assert.False(edge.HasExited, edge.Log);

        var call = await established.WaitForExitAsync();
        var exit = await edge.WaitForExitAsync(drainTimeout);
        var backendResult = await backend.StopAsync();

        var why = $"{edge.Log}\n=== refused ===\n{refused}\n=== established ===\n{call}\n=== backend ===\n{backendResult}";
        Assert.True(refused.AllCallsSucceeded, why);
        Assert.True(invite?.StartsWith("SIP/2.0 503 ", StringComparison.Ordinal) == true && invite.Contains("\r\nRetry-After: 5\r\n", StringComparison.Ordinal), $"INVITE got {invite}\n{why}");
        Assert.True(options == "SIP/2.0 503 Service Unavailable", $"OPTIONS got {options}\n{why}");
        Assert.True(call.AllCallsSucceeded, why);
        Assert.True(backendResult.Counts.Received("BYE") == 1, why);
        Assert.True(backendResult.Counts.Received("INVITE") == 1, why);
        Assert.True(exit == 0, $"exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "none: still running"}\n{why}");
        Assert.Contains("0 transaction(s) and call(s) left", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_CallOutlastingTheDrainTimeout_ExitsWithZeroAtTheTimeout()
    {
        await using var backend = await SippProcess.StartAsync(new SippOptions { Scenario = SippScenarios.UasAnswer });
        await using var edge = await EdgeProcess.StartAsync([backend.EndPoint], ("Edge:DrainTimeout", "1s"));
        using var http = new HttpClient { BaseAddress = edge.Http };
        await using var endless = await SippProcess.StartAsync(new SippOptions
        {
            Scenario = SippScenarios.UacCall,
            Remote = edge.SipEndPoint,
            MaxCalls = 1,
            PauseDuration = TimeSpan.FromMinutes(5),
            Deadline = TimeSpan.FromMinutes(1),
        });
        await WaitUntilAsync(async () => await AcksReceivedAsync(http) >= 1, "the call established (its ACK relayed)", edge);

        edge.Terminate();
        var exit = await edge.WaitForExitAsync(Condition);

        Assert.True(exit == 0, $"exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "none: still running"}\n{edge.Log}");
        Assert.Contains("1 transaction(s) and call(s) left", edge.Log, StringComparison.Ordinal);
    }

    /// <summary>One INVITE over UDP, sent again every 500 ms (Timer A); the first final response, whole, or null.</summary>
    private static async Task<string?> FinalResponseToInviteAsync(IPEndPoint edge)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var id = Guid.NewGuid().ToString("N");
        var request = Encoding.ASCII.GetBytes(
            $"INVITE sip:drain@{edge} SIP/2.0\r\n"
            + $"Via: SIP/2.0/UDP {local};branch=z9hG4bK{id}\r\n"
            + "Max-Forwards: 70\r\n"
            + $"From: <sip:caller@{local}>;tag={id[..8]}\r\n"
            + $"To: <sip:drain@{edge}>\r\n"
            + $"Call-ID: {id}@{local.Address}\r\n"
            + "CSeq: 1 INVITE\r\n"
            + $"Contact: <sip:caller@{local}>\r\n"
            + "Content-Length: 0\r\n\r\n");
        var buffer = new byte[65535];
        using var deadline = new CancellationTokenSource(Condition);
        while (!deadline.IsCancellationRequested)
        {
            using var retransmit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            retransmit.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.SendToAsync(request, edge, retransmit.Token);
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), retransmit.Token);
                    var text = Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes);
                    if (text.Length > 12 && text[8] != '1')
                    {
                        return text;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Retransmit, or give up at the deadline.
            }
        }

        return null;
    }

    private static async Task<long> AcksReceivedAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        return AckCount().Matches(metrics).Sum(m => long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, EdgeProcess edge)
    {
        using var deadline = new CancellationTokenSource(Condition);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Not within {Condition.TotalSeconds} s: {what}\n{edge.Log}");
            }

            await Task.Delay(PollInterval);
        }
    }

    [GeneratedRegex(@"^orleanslb_sip_requests_total\{method=""ACK""[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex AckCount();
}
