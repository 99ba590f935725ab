using System.Text.RegularExpressions;
using FsCheck.Xunit;

namespace OrleansLB.Client.Observability.Prometheus;

public sealed partial class PrometheusNamesTests
{
    [Theory]
    [InlineData("orleanslb.sip.requests", "{request}", "Counter", "orleanslb_sip_requests_total")]
    [InlineData("orleanslb.destination.probe.duration", "s", "Histogram", "orleanslb_destination_probe_duration_seconds")]
    [InlineData("orleanslb.destination.active_calls", "{call}", "Gauge", "orleanslb_destination_active_calls")]
    [InlineData("http.server.duration", "ms", "Histogram", "http_server_duration_milliseconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", "Counter", "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.gc.pause.time", "s", "Counter", "dotnet_gc_pause_time_seconds_total")]
    [InlineData("system.network.io", "By/s", "Gauge", "system_network_io_bytes_per_second")]
    [InlineData("queue.rate", "{message}/s", "Gauge", "queue_rate_per_second")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("cpu.busy", "1", "Counter", "cpu_busy_total")]
    [InlineData("requests_total", null, "Counter", "requests_total")]
    [InlineData("process.cpu.seconds", "s", "Counter", "process_cpu_seconds_total")]
    [InlineData("process.cpu", "s", "Counter", "process_cpu_seconds_total")]
    [InlineData("dotnet.assembly.count", "{assembly}", "Gauge", "dotnet_assemblies")]
    [InlineData("dotnet.process.cpu.count", "{cpu}", "Gauge", "dotnet_process_cpus")]
    [InlineData("dotnet.timer.count", "{timer}", "Gauge", "dotnet_timers")]
    [InlineData("pool.count", "{connection}", "Gauge", "pool_connections")]
    [InlineData("queue.count", null, "Gauge", "queue_number")]
    [InlineData("weights.sum", null, "Gauge", "weights_sum_value")]
    [InlineData("thread.count", "{thread}", "Counter", "thread_count_total")]
    [InlineData("weird-name.with spaces!", null, "Gauge", "weird_name_with_spaces_")]
    [InlineData("2xx.responses", null, "Counter", "_2xx_responses_total")]
    [InlineData("a..b", "{x}/s", "Counter", "a_b_per_second_total")]
    [InlineData("ns:metric", "By", "Gauge", "ns:metric_bytes")]
    public void MetricName_OpenTelemetryRules_GiveThePrometheusName(string name, string? unit, string type, string expected) =>
        Assert.Equal(expected, PrometheusNames.MetricName(name, unit, Enum.Parse<PrometheusMetricType>(type)));

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("set", "set")]
    [InlineData("1abc", "key_1abc")]
    [InlineData("__name", "key___name")]
    [InlineData("", "key")]
    [InlineData("état", "_tat")]
    public void LabelName_AnyTagName_IsAValidLabelName(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.LabelName(key));

    [Property]
    public void MetricName_AnyNameAndUnit_MatchesThePrometheusGrammar(string? name, string? unit, bool counter)
    {
        var type = counter ? PrometheusMetricType.Counter : PrometheusMetricType.Gauge;

        var result = PrometheusNames.MetricName(string.IsNullOrEmpty(name) ? "x" : name, unit, type);

        Assert.Matches(MetricNamePattern(), result);
        Assert.DoesNotContain("__", result, StringComparison.Ordinal);
        if (counter)
        {
            Assert.EndsWith("_total", result, StringComparison.Ordinal);
        }
    }

    [Property]
    public void LabelName_AnyKey_MatchesTheGrammarAndIsNotReserved(string? key)
    {
        var result = PrometheusNames.LabelName(key ?? string.Empty);

        Assert.Matches(LabelNamePattern(), result);
        Assert.False(result.StartsWith("__", StringComparison.Ordinal));
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelNamePattern();
}
