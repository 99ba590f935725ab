using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Security;

public sealed class SipIngressGuardTests : IDisposable
{
    private static readonly SipEndPoint Local = new(SipTransportKind.Udp, IPAddress.Parse("192.0.2.10"), 5060);
    private static readonly SipEndPoint Flooder = new(SipTransportKind.Udp, IPAddress.Parse("198.51.100.66"), 5060);
    private static readonly SipEndPoint Phone = new(SipTransportKind.Udp, IPAddress.Parse("198.51.100.7"), 5060);
    private static readonly SipEndPoint Asterisk = new(SipTransportKind.Udp, IPAddress.Parse("203.0.113.1"), 5060);

    private readonly ManualTimeProvider _clock = new();
    private readonly FakeSipTransport _transport = new();
    private readonly CountingHandler _inner = new();
    private readonly SipSecurityMetrics _metrics = new();
    private readonly LocalDispatcherState _state;

    public SipIngressGuardTests()
    {
        var list = DispatcherListReader.Read("1 sip:203.0.113.1:5060 0 0 duid=ast1", "test.list", DispatcherListLoadMode.Strict);
        _state = new LocalDispatcherState(list.Snapshot, HealthOptions.Default, CallLoadOptions.Default, _clock);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _state.Dispose();
    }

    [Fact]
    public void OnMessage_Flood_PassesTheRateThenAnswers503WithRetryAfterThenDrops()
    {
        var guard = Guard(new RateLimitOptions { Requests = 5, ReplyLimit = 2, BlockTime = TimeSpan.FromSeconds(60) });

        for (var i = 0; i < 20; i++)
        {
            Receive(guard, Options(i), Flooder);
        }

        var sent = _transport.Take();
        Assert.Equal(5, _inner.Count);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, s => Assert.StartsWith("SIP/2.0 503 Service Unavailable\r\n", s.Text, StringComparison.Ordinal));
        Assert.All(sent, s => Assert.Contains("\r\nRetry-After: 60\r\n", s.Text, StringComparison.Ordinal));
        Assert.All(sent, s => Assert.Equal(Flooder, s.Destination));
        Assert.Equal(2, guard.Stats.RateLimitReplied);
        Assert.Equal(13, guard.Stats.RateLimitDropped);
    }

    [Fact]
    public void OnMessage_Flood_CountsEveryRefusedMessageOnTheRateLimitedInstrument()
    {
        long measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _metrics.Meter && instrument.Name == SipSecurityMetrics.RateLimitedName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => measured += value);
        listener.Start();
        var guard = Guard(new RateLimitOptions { Requests = 5, ReplyLimit = 2 });

        for (var i = 0; i < 20; i++)
        {
            Receive(guard, Options(i), Flooder);
        }

        Assert.Equal(15, measured);
        Assert.Equal("OrleansLB.Edge", _metrics.Meter.Name);
    }

    [Fact]
    public void OnMessage_OneSourceFloods_OtherSourcesStillPass()
    {
        var guard = Guard(new RateLimitOptions { Requests = 5 });
        for (var i = 0; i < 50; i++)
        {
            Receive(guard, Options(i), Flooder);
        }

        _inner.Count = 0;
        Receive(guard, Options(99), Phone);

        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public void OnMessage_ExemptNetworkAndDestinations_NeverLimited()
    {
        SourceNetwork.TryParse("198.51.100.0/24", out var carriers, out _);
        var guard = Guard(new RateLimitOptions { Requests = 5, Exempt = [carriers] });

        for (var i = 0; i < 50; i++)
        {
            Receive(guard, Options(i), Flooder);
            Receive(guard, Options(i), Asterisk);
        }

        Assert.Equal(100, _inner.Count);
        Assert.Equal(0, guard.Stats.RateLimited);
    }

    [Fact]
    public void OnMessage_DestinationsNotExempt_WhenSwitchedOff()
    {
        var guard = Guard(new RateLimitOptions { Requests = 5, ExemptDestinations = false });

        for (var i = 0; i < 10; i++)
        {
            Receive(guard, Options(i), Asterisk);
        }

        Assert.Equal(5, _inner.Count);
    }

    [Fact]
    public void OnMessage_RateLimitOff_EverythingPasses()
    {
        var guard = Guard(new RateLimitOptions { Enabled = false, Requests = 1 });

        for (var i = 0; i < 10; i++)
        {
            Receive(guard, Options(i), Flooder);
        }

        Assert.Equal(10, _inner.Count);
        Assert.Null(guard.Limiter);
    }

    [Fact]
    public void OnMessage_FloodOfResponsesAndAcks_CountedButNeverAnswered()
    {
        var guard = Guard(new RateLimitOptions { Requests = 1, ReplyLimit = 100 });
        Receive(guard, Options(0), Flooder);

        Receive(guard, SipSamples.Ok, Flooder);
        Receive(guard, TransactionHarness.Request("ACK", sentBy: "198.51.100.66:5060"), Flooder);
        Receive(guard, "garbage that is no SIP\r\n\r\n", Flooder);

        Assert.Empty(_transport.Take());
        Assert.Equal(3, guard.Stats.RateLimitDropped);
    }

    [Fact]
    public void OnMessage_OverTheRateOnTcp_AnsweredOnTheConnection()
    {
        var guard = Guard(new RateLimitOptions { Requests = 1 });
        var tcp = new SipEndPoint(SipTransportKind.Tcp, Flooder.EndPoint);

        Receive(guard, Options(0, "TCP"), tcp, connectionId: 7);
        Receive(guard, Options(1, "TCP"), tcp, connectionId: 7);

        var sent = Assert.Single(_transport.Take());
        Assert.Equal(7, sent.ConnectionId);
        Assert.Equal(503, sent.StatusCode);
    }

    [Fact]
    public void OnMessage_Scanner_403AndNotPassedOn()
    {
        var guard = Guard(RateLimitOptions.Default);

        Receive(guard, Options(0, extra: "User-Agent: friendly-scanner"), Phone);

        var sent = Assert.Single(_transport.Take());
        Assert.Equal(403, sent.StatusCode);
        Assert.True(sent.Parse().HasToTag);
        Assert.Equal(0, _inner.Count);
        Assert.Equal(1, guard.Stats.ScannerRejected);
    }

    [Fact]
    public void OnMessage_ScannerWithDropAction_NothingSent()
    {
        var guard = Guard(RateLimitOptions.Default, new ScannerOptions { Action = ScannerAction.Drop });

        Receive(guard, Options(0, extra: "User-Agent: sipvicious"), Phone);

        Assert.Empty(_transport.Take());
        Assert.Equal(0, _inner.Count);
        Assert.Equal(1, guard.Stats.ScannerDropped);
    }

    [Fact]
    public void OnMessage_ResponseWithScannerUserAgent_PassedOn()
    {
        var guard = Guard(RateLimitOptions.Default);

        Receive(guard, SipSamples.Ok.Replace("Content-Length", "User-Agent: friendly-scanner\r\nContent-Length", StringComparison.Ordinal), Asterisk);

        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public void OnMessage_PassPath_DoesNotAllocate()
    {
        SourceNetwork.TryParse("10.0.0.0/8", out var exempt, out _);
        var guard = Guard(new RateLimitOptions { Requests = 1_000_000, Exempt = [exempt] });
        var bytes = Encoding.ASCII.GetBytes(Options(0, extra: "User-Agent: Zoiper rv2.10"));

        // The warm-up round also builds the snapshot's address book.
        Allocations.AssertNonePerCall(1000, () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                guard.OnMessage(new ReceivedMessage(bytes, Local, Phone, 0));
            }
        });

        Assert.Equal(12_000, _inner.Count);
    }

    private SipIngressGuard Guard(RateLimitOptions rate, ScannerOptions? scanners = null)
    {
        var guard = new SipIngressGuard(_inner, rate, scanners ?? ScannerOptions.Default, _clock,
            new DestinationAddresses(_state, new SipUriResolver(_clock)), _metrics);
        guard.Attach(_transport);
        return guard;
    }

    private static void Receive(SipIngressGuard guard, string message, SipEndPoint from, long connectionId = 0)
        => guard.OnMessage(new ReceivedMessage(Encoding.UTF8.GetBytes(message), from.Transport == SipTransportKind.Tcp ? new SipEndPoint(SipTransportKind.Tcp, Local.EndPoint) : Local, from, connectionId));

    private static string Options(int n, string transport = "UDP", string extra = "")
        => TransactionHarness.Request("OPTIONS", branch: $"z9hG4bKflood{n}", sentBy: "198.51.100.66:5060", callId: $"flood-{n}", transport: transport, extraHeaders: extra);

    private sealed class CountingHandler : ISipMessageHandler
    {
        public int Count { get; set; }

        public void OnMessage(in ReceivedMessage message) => Count++;
    }
}
