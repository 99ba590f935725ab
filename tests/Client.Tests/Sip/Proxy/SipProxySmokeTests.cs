using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// End to end on loopback: the real transport, the transaction layer and the proxy over the
/// single-node state, three <c>sipp</c> servers and a <c>sipp</c> caller placing 20 calls over UDP.
/// </summary>
/// <remarks>
/// The scenarios are sipp's own uac and uas (<c>sipp -sd</c>) with the two changes their comments
/// suggest for stateful proxies: the uas copies Record-Route into its 200 (RFC 3261 §12.1.1), and the
/// uac keeps the route set (<c>rrs="true"</c>) and sends ACK and BYE to <c>[next_url]</c> with
/// <c>[routes]</c>. Unchanged, they send in-dialog requests to the proxy without a Route, which an
/// edge that is no open relay refuses (404 Not Here), as the seeds' script does.
/// </remarks>
[Collection(SippCollection.Name)]
public sealed class SipProxySmokeTests : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("olb-smoke-");
    private SipTransportHost? _transport;
    private SipTransactionLayer? _layer;
    private LocalDispatcherState? _state;
    private RecordingDispatcherState? _reports;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // Already gone, or would not die in time: nothing more to do from here.
            }

            process.Dispose();
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        _layer?.Dispose();
        _state?.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task TwentyCalls_ThroughTheProxyToThreeSippServers_AllSucceed()
    {
        var sipp = FindSipp();
        var servers = Enumerable.Range(0, 3).Select(_ => FreeUdpPort()).ToArray();
        var proxyPort = StartProxy(servers);

        var uas = Patch(await DumpScenarioAsync(sipp, "uas"),
            ("[last_To:];tag=[pid]SIPpTag01[call_number]\n      [last_Call-ID:]\n      [last_CSeq:]\n      Contact: <sip:[local_ip]:[local_port];transport=[transport]>\n      Content-Type: application/sdp",
             "[last_To:];tag=[pid]SIPpTag01[call_number]\n      [last_Call-ID:]\n      [last_CSeq:]\n      [last_Record-Route:]\n      Contact: <sip:[local_ip]:[local_port];transport=[transport]>\n      Content-Type: application/sdp"));
        var uac = Patch(await DumpScenarioAsync(sipp, "uac"),
            ("<recv response=\"200\" rtd=\"true\">", "<recv response=\"200\" rtd=\"true\" rrs=\"true\">"),
            ("ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0", "ACK [next_url] SIP/2.0\n      [routes]"),
            ("BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0", "BYE [next_url] SIP/2.0\n      [routes]"));
        var uasFile = Write("uas.xml", uas);
        var uacFile = Write("uac.xml", uac);

        var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
        foreach (var port in servers)
        {
            Start(sipp, $"-sf {uasFile} -i 127.0.0.1 -mi 127.0.0.1 -p {port} -mp {FreeUdpPort()} -bind_local -nostdin -trace_err", out _);
        }

        foreach (var port in servers)
        {
            while (IsUdpPortFree(port))
            {
                await Task.Delay(20, deadline);
            }
        }

        var caller = Start(sipp, $"127.0.0.1:{proxyPort} -sf {uacFile} -s 100 -i 127.0.0.1 -mi 127.0.0.1 -p {FreeUdpPort()} -mp {FreeUdpPort()} "
            + "-bind_local -nostdin -m 20 -r 10 -l 10 -timeout 50s -timeout_error -trace_err", out var output);
        await caller.WaitForExitAsync(deadline);

        Assert.True(caller.ExitCode == 0, $"sipp uac exited with {caller.ExitCode}.\n{Tail(output)}\n{ErrorLogs()}");
        Assert.Equal(0, _transport!.Stats.Udp.HandlerErrors);
        Assert.Equal(0, _layer!.Stats.HandlerFailures);
        Assert.Equal(0, _state!.Calls.ActiveCalls);
        var started = _reports!.Calls.OfType<Grains.Interfaces.Messages.CallStarted>().ToList();
        Assert.Equal(20, started.Count);
        Assert.Equal(3, started.Select(s => s.DestinationKey).Distinct().Count());
        Assert.Equal(20, _reports.Calls.OfType<Grains.Interfaces.Messages.CallConfirmed>().Count());
        Assert.True(_reports.Calls.OfType<Grains.Interfaces.Messages.CallEnded>().Count() >= 20);
    }

    private int StartProxy(int[] servers)
    {
        _layer = new SipTransactionLayer();
        _transport = new SipTransportHost(new SipTransportOptions { Listeners = [new SipListenerOptions(SipTransportKind.Udp, IPAddress.Loopback, 0)] }, _layer);
        _transport.Start();
        _layer.Attach(_transport, new SipLocalAddresses(_transport.Listeners));
        var list = string.Join('\n', servers.Select((p, i) => $"1 sip:127.0.0.1:{p} 0 0 duid=sipp{i}"));
        var read = DispatcherListReader.Read(list, "smoke.list", DispatcherListLoadMode.Strict);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        _state = new LocalDispatcherState(read.Snapshot, HealthOptions.Default, CallLoadOptions.Default, TimeProvider.System);
        var routing = new RoutingTable([new RoutingRule("invites", new DispatchAction(1, DispatcherAlgorithm.RoundRobin)) { Methods = ["INVITE"] }]);
        _reports = new RecordingDispatcherState(_state);
        _ = new SipProxy(new ProxyOptions(), routing, _reports, _layer);
        return _transport.Listeners[0].EndPoint.EndPoint.Port;
    }

    private Process Start(string sipp, string arguments, out StringBuilder output)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(sipp, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = _directory.FullName,
            },
        };
        var text = new StringBuilder();
        output = text;
        DataReceivedEventHandler keep = (_, e) =>
        {
            lock (text)
            {
                // sipp redraws its screen: keep the end only.
                text.AppendLine(e.Data);
                if (text.Length > 64_000)
                {
                    text.Remove(0, text.Length - 32_000);
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> DumpScenarioAsync(string sipp, string name)
    {
        using var process = Process.Start(new ProcessStartInfo(sipp, $"-sd {name}") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Contains("<scenario", text);
        return text.ReplaceLineEndings("\n");
    }

    private static string Patch(string scenario, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            Assert.True(scenario.Contains(from, StringComparison.Ordinal), $"sipp's scenario no longer contains: {from}");
            scenario = scenario.Replace(from, to, StringComparison.Ordinal);
        }

        return scenario;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string ErrorLogs() => string.Join('\n', _directory.GetFiles("*_errors.log").Select(f => File.ReadAllText(f.FullName)));

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            return output.Length > 4_000 ? output.ToString(output.Length - 4_000, 4_000) : output.ToString();
        }
    }

    private static string FindSipp()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator)
            .Append("/usr/bin").Select(d => Path.Combine(d, "sipp")).FirstOrDefault(File.Exists);
        Assert.True(path is not null, "sipp is not installed: apt-get install sip-tester");
        return path!;
    }

    private static int FreeUdpPort() => Loopback.ClosedPort(IPAddress.Loopback, SocketType.Dgram);

    private static bool IsUdpPortFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
