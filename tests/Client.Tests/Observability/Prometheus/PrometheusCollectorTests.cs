using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansLB.Client.Observability.Prometheus;

public sealed class PrometheusCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly PrometheusCollector _collector;
    private readonly Meter _meter;

    public PrometheusCollectorTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _collector = new PrometheusCollector(PrometheusCollector.MetersOf(_meters, ["Test."], []));
        _meter = _meters.Create("Test.Meter");
    }

    [Fact]
    public void Collect_CounterWithTags_WritesTotalHelpTypeAndEscapedLabels()
    {
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests\nreceived \\ so far");

        counter.Add(2, new KeyValuePair<string, object?>("path", "a\\b\"c\nd"), new KeyValuePair<string, object?>("code", 200));
        counter.Add(1, new KeyValuePair<string, object?>("code", 200), new KeyValuePair<string, object?>("path", "a\\b\"c\nd"));

        Assert.Equal(
            "# HELP test_requests_total Requests\\nreceived \\\\ so far\n"
            + "# TYPE test_requests_total counter\n"
            + "test_requests_total{code=\"200\",path=\"a\\\\b\\\"c\\nd\"} 3\n",
            _collector.Collect());
    }

    [Fact]
    public void Collect_BeforeTheFirstMeasurement_HasHelpAndTypeButNoSample()
    {
        _meter.CreateCounter<long>("test.idle", description: "Nothing yet");
        _meter.CreateHistogram<double>("test.latency", "s", "Nothing yet either");

        Assert.Equal(
            "# HELP test_idle_total Nothing yet\n# TYPE test_idle_total counter\n"
            + "# HELP test_latency_seconds Nothing yet either\n# TYPE test_latency_seconds histogram\n",
            _collector.Collect());
    }

    [Fact]
    public void Collect_Histogram_BucketsAreCumulativeWithInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("test.size", "By", "Sizes", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });

        foreach (var value in new[] { 0.5, 1, 1.5, 7 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("kind", "x"));
        }

        Assert.Equal(
            "# HELP test_size_bytes Sizes\n# TYPE test_size_bytes histogram\n"
            + "test_size_bytes_bucket{kind=\"x\",le=\"1\"} 2\n"
            + "test_size_bytes_bucket{kind=\"x\",le=\"2\"} 3\n"
            + "test_size_bytes_bucket{kind=\"x\",le=\"5\"} 3\n"
            + "test_size_bytes_bucket{kind=\"x\",le=\"+Inf\"} 4\n"
            + "test_size_bytes_sum{kind=\"x\"} 10\n"
            + "test_size_bytes_count{kind=\"x\"} 4\n",
            _collector.Collect());
    }

    [Fact]
    public void Collect_SecondsHistogramWithoutAdvice_UsesSecondBuckets()
    {
        _meter.CreateHistogram<double>("test.wait", "s").Record(0.3);

        var text = _collector.Collect();

        Assert.Contains("test_wait_seconds_bucket{le=\"0.005\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("test_wait_seconds_bucket{le=\"0.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("test_wait_seconds_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_LongHistogram_IsWrittenWithWholeNumberBounds()
    {
        var histogram = _meter.CreateHistogram("test.items", "{item}", null, null, new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 100] });

        histogram.Record(50);

        Assert.Contains("test_items_bucket{le=\"100\"} 1\n", _collector.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ObservableGauge_SeriesNotReportedAgainDisappears()
    {
        var sets = new List<string> { "1", "2" };
        _meter.CreateObservableGauge("test.up", () => sets.Select(s => new Measurement<int>(1, new KeyValuePair<string, object?>("set", s))));

        var first = _collector.Collect();
        sets.Remove("1");
        var second = _collector.Collect();

        Assert.Contains("test_up{set=\"1\"} 1\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("set=\"1\"", second, StringComparison.Ordinal);
        Assert.Contains("test_up{set=\"2\"} 1\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_UpDownCounterAndGauge_AreGaugesOfSumAndLastValue()
    {
        var open = _meter.CreateUpDownCounter<int>("test.open");
        var temperature = _meter.CreateGauge<double>("test.temperature", "Cel");

        open.Add(3);
        open.Add(-1);
        temperature.Record(20.5);
        temperature.Record(19.25);

        var text = _collector.Collect();
        Assert.Contains("# TYPE test_open gauge\ntest_open 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_temperature_celsius gauge\ntest_temperature_celsius 19.25\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ObservableCounter_IsACounterOfTheObservedTotal()
    {
        var total = 41L;
        _meter.CreateObservableCounter("test.seen", () => ++total);

        _collector.Collect();

        Assert.Contains("# TYPE test_seen_total counter\ntest_seen_total 43\n", _collector.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_InstrumentsMadeInAnyOrder_FamiliesAndSeriesAreSorted()
    {
        var zebra = _meter.CreateCounter<long>("test.zebra");
        var apple = _meter.CreateCounter<long>("test.apple");
        foreach (var set in new[] { "3", "1", "2" })
        {
            zebra.Add(1, new KeyValuePair<string, object?>("set", set));
        }

        apple.Add(1);

        var text = _collector.Collect();
        Assert.True(text.IndexOf("test_apple_total", StringComparison.Ordinal) < text.IndexOf("test_zebra_total", StringComparison.Ordinal));
        Assert.Contains("test_zebra_total{set=\"1\"} 1\ntest_zebra_total{set=\"2\"} 1\ntest_zebra_total{set=\"3\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(text, _collector.Collect());
    }

    [Fact]
    public void Collect_MetersOfAnotherFactoryOrPrefix_AreNotExported()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        other.GetRequiredService<IMeterFactory>().Create("Test.Meter").CreateCounter<long>("test.elsewhere").Add(1);
        _meters.Create("Other.Meter").CreateCounter<long>("test.unlisted").Add(1);

        var text = _collector.Collect();

        Assert.DoesNotContain("elsewhere", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unlisted", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_SameNameFromTwoMeters_IsOneFamilyWithSummedSeries()
    {
        _meter.CreateCounter<long>("test.shared").Add(2);
        _meters.Create("Test.Second").CreateCounter<long>("test.shared").Add(3);

        var text = _collector.Collect();

        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE test_shared_total", StringComparison.Ordinal));
        Assert.Contains("test_shared_total 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_SameNameWithAnotherType_KeepsTheFirstFamily()
    {
        _meter.CreateUpDownCounter<long>("test.clash").Add(2);
        _meters.Create("Test.Second").CreateHistogram<double>("test.clash").Record(7.5);

        var text = _collector.Collect();

        Assert.Contains("# TYPE test_clash gauge\ntest_clash 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_MeterDisposed_ItsFamiliesAreGone()
    {
        // Not from the factory: meters it makes ignore Dispose and live as long as the factory.
        var meter = new Meter("Test.Short");
        meter.CreateCounter<long>("test.short").Add(1);
        Assert.Contains("test_short_total 1", _collector.Collect(), StringComparison.Ordinal);

        meter.Dispose();

        Assert.DoesNotContain("test_short", _collector.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_MoreSeriesThanTheLimit_OverflowSeriesTakesTheRest()
    {
        var counter = _meter.CreateCounter<long>("test.unbounded");
        for (var i = 0; i < InstrumentStream.MaxSeries + 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var text = _collector.Collect();

        Assert.Contains("test_unbounded_total{otel_metric_overflow=\"true\"} 10\n", text, StringComparison.Ordinal);
        Assert.Equal(InstrumentStream.MaxSeries + 1, text.Split('\n').Count(l => l.StartsWith("test_unbounded_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Record_ManyThreadsAtOnce_LosesNoIncrement()
    {
        var counter = _meter.CreateCounter<long>("test.parallel");
        var histogram = _meter.CreateHistogram<double>("test.parallel.latency", "s");
        const int Threads = 4;
        const int PerThread = 50_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var tag = new KeyValuePair<string, object?>("t", (t % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(1, tag);
                histogram.Record(0.25, tag);
            }
        })));

        var text = _collector.Collect();
        Assert.Contains("test_parallel_total{t=\"0\"} 100000\n", text, StringComparison.Ordinal);
        Assert.Contains("test_parallel_total{t=\"1\"} 100000\n", text, StringComparison.Ordinal);
        Assert.Contains("test_parallel_latency_seconds_count{t=\"1\"} 100000\n", text, StringComparison.Ordinal);
        Assert.Contains("test_parallel_latency_seconds_sum{t=\"1\"} 25000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ExistingSeries_AllocatesNothing()
    {
        var counter = _meter.CreateCounter<long>("test.hot");
        var histogram = _meter.CreateHistogram("test.hot.latency", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });
        var method = new KeyValuePair<string, object?>("method", "INVITE");
        var transport = new KeyValuePair<string, object?>("transport", "udp");

        Allocations.AssertNonePerCall(10_000, () =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, method, transport);
                histogram.Record(0.005, method);
            }
        });
    }

    [Fact]
    public void Record_NegativeCounterIncrementOrNaN_IsIgnored()
    {
        var counter = _meter.CreateCounter<double>("test.monotonic");
        var histogram = _meter.CreateHistogram<double>("test.nan");

        counter.Add(1.5);
        counter.Add(-1);
        histogram.Record(double.NaN);

        var text = _collector.Collect();
        Assert.Contains("test_monotonic_total 1.5\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("test_nan_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_EveryKindOfInstrument_PassesPromtool()
    {
        _meter.CreateCounter<long>("test.requests", "{request}", "Requests").Add(3, new KeyValuePair<string, object?>("method", "IN\"VITE\\\n"));
        _meter.CreateUpDownCounter<int>("test.open", "{connection}", "Open").Add(2);
        _meter.CreateHistogram<double>("test.latency", "s", "Latency").Record(0.02, new KeyValuePair<string, object?>("set", "1"));
        _meter.CreateObservableGauge("test.queue.count", () => 4, "{item}", "Queued");
        _meter.CreateObservableCounter("test.cpu", () => 1.25, "s", "CPU");
        _meter.CreateCounter<long>("test.unused", description: "Never used");

        var (exitCode, output) = await PrometheusTools.CheckMetricsAsync(_collector.Collect());

        Assert.True(exitCode == 0, $"promtool check metrics: exit {exitCode}\n{output}");
    }

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
    }
}
