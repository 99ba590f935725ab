using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Observability;
using OrleansLB.Silo.Admin;
using OrleansLB.Silo.Deployment;

namespace OrleansLB.Silo.Observability;

/// <summary>
/// <c>/metrics</c> of a running single node (silo and edge in one process) after real traffic: a SIP
/// OPTIONS and a malformed INVITE over UDP, an algorithm-10 selection through the grain, a
/// <c>set_state</c> through the admin API; checked by <c>promtool check metrics</c> and scraped by a
/// real Prometheus whose query API gives the series back.
/// </summary>
public sealed class MetricsScrapeTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private AdminSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _silo = await AdminSilo.StartAsync(withEdge: true, more: [("Dispatcher:Probing:Interval", "0")]);
        var edge = _silo.App.Services.GetRequiredService<SipEdgeService>().Listeners.Single(l => l.EndPoint.Transport == SipTransportKind.Udp).EndPoint.EndPoint;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)udp.Client.LocalEndPoint!;
        using var timeout = new CancellationTokenSource(Deadline);

        await udp.SendAsync(Encoding.ASCII.GetBytes(Request("OPTIONS", edge, local, "CSeq: 1 OPTIONS")), edge, timeout.Token);
        var options = await udp.ReceiveAsync(timeout.Token);
        await udp.SendAsync(Encoding.ASCII.GetBytes(Request("INVITE", edge, local, "CSeq: one INVITE")), edge, timeout.Token);
        var invite = await udp.ReceiveAsync(timeout.Token);
        Assert.StartsWith("SIP/2.0 200", Encoding.ASCII.GetString(options.Buffer), StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 400", Encoding.ASCII.GetString(invite.Buffer), StringComparison.Ordinal);

        var selection = await _silo.Edge.SelectByCallLoadAsync(1, "metrics-call", 2, timeout.Token);
        Assert.False(selection.IsEmpty);
        using var change = await _silo.SendAsync(HttpMethod.Post, "/api/v1/dispatcher/sets/2/state", """{"state":"d","uri":"sip:127.0.0.1:5996"}""");
        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_AfterTraffic_PassesPromtoolWithEveryFamilyTheIssueNames()
    {
        var text = await MetricsAsync();

        var check = await ExternalTool.Promtool.RunAsync(["check", "metrics"], input: text);

        Assert.True(check.ExitCode == 0, $"{check}\n{text}");
        string[] families =
        [
            "orleanslb_destination_active_calls", "orleanslb_destination_calls_total", "orleanslb_destination_selections_total",
            "orleanslb_destination_failovers_total", "orleanslb_destination_probe_duration_seconds", "orleanslb_destination_up",
            "orleanslb_sip_requests_total", "orleanslb_sip_responses_total", "orleanslb_sip_transactions_total",
            "orleanslb_sip_retransmissions_total", "orleanslb_sip_parse_errors_total", "orleanslb_sip_dropped_messages_total",
            "orleanslb_grain_selection_duration_seconds", "orleanslb_grain_activations", "orleanslb_cluster_members",
            "process_cpu_seconds_total", "process_resident_memory_bytes", "dotnet_gc_collections_total",
        ];
        var missing = families.Where(f => !text.Contains($"# TYPE {f} ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"missing families: {string.Join(", ", missing)}");
        Assert.Equal(1, Sample(text, "orleanslb_sip_requests_total", "method=\"OPTIONS\"", "transport=\"udp\""));
        Assert.Equal(1, Sample(text, "orleanslb_sip_parse_errors_total", "transport=\"udp\""));
        Assert.True(Sample(text, "orleanslb_grain_selection_duration_seconds_count", $"algorithm=\"{MetricLabels.Algorithm(DispatcherAlgorithm.CallLoad)}\"") >= 1, text);
        Assert.Equal(0, Sample(text, "orleanslb_destination_up", "set=\"2\"", "duid=\"ast6\""));
        Assert.Equal(2, Sample(text, "orleanslb_destination_max_load", "set=\"1\"", "duid=\"ast1\""));
        Assert.Equal(1, Sample(text, "orleanslb_cluster_members", "role=\"silo\"", "status=\"up\""));
    }

    [Fact]
    public async Task Prometheus_ScrapesTheNode_QueryGivesTheSeriesBack()
    {
        var folder = Directory.CreateTempSubdirectory("olb-prometheus-");
        var port = LoopbackPort.Free();
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: orleanslb
                static_configs:
                  - targets: ["{_silo.BaseAddress.Authority}"]
            """);
        var start = new ProcessStartInfo(ExternalTool.Find("prometheus", "apt-get install prometheus (.ci/run installs it)").Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var prometheus = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var log = new StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            JsonElement result = default;
            await AdminSilo.WaitUntilAsync(
                async () =>
                {
                    Assert.False(prometheus.HasExited, $"prometheus exited: {log}");
                    result = await QueryAsync(http, "orleanslb_destination_up{set=\"2\",duid=\"ast6\"}");
                    return result.GetArrayLength() == 1;
                },
                "Prometheus returns orleanslb_destination_up of set 2, ast6");
            var up = await QueryAsync(http, "up{job=\"orleanslb\"}");

            Assert.Equal("0", result[0].GetProperty("value")[1].GetString());
            Assert.Equal("orleanslb", result[0].GetProperty("metric").GetProperty("job").GetString());
            Assert.Equal("1", up[0].GetProperty("value")[1].GetString());
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            folder.Delete(recursive: true);
        }
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string Request(string method, IPEndPoint edge, IPEndPoint local, string cseq) =>
        $"{method} sip:{edge} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK-{method}\r\nMax-Forwards: 70\r\nFrom: <sip:test@127.0.0.1>;tag=1\r\n" +
        $"To: <sip:127.0.0.1>\r\nCall-ID: {method}@metrics\r\n{cseq}\r\nContent-Length: 0\r\n\r\n";

    private async Task<string> MetricsAsync()
    {
        using var response = await _silo.SendAsync(HttpMethod.Get, "/metrics", token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string text, string name, params string[] labels)
    {
        var lines = text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        Assert.True(lines.Count == 1, $"{lines.Count} samples of {name} with {string.Join(',', labels)}:\n{string.Join('\n', lines)}");
        return double.Parse(lines[0][(lines[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonElement> QueryAsync(HttpClient http, string query)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse("[]").RootElement;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.GetProperty("data").GetProperty("result").Clone();
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return JsonDocument.Parse("[]").RootElement;
        }
    }
}
