using System.Net;
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
/// A proxy on 192.0.2.10:5060 (UDP and TCP) over a fake transport, a manual clock and the single-node
/// dispatcher state. Set 1: three UDP servers; set 2: one TCP server; set 3: two servers with maxload=1;
/// set 4: one inactive server.
/// </summary>
internal sealed class ProxyHarness : IDisposable
{
    public const string List = """
        1 sip:203.0.113.1:5060 0 0 duid=ast1
        1 sip:203.0.113.2:5060 0 0 duid=ast2
        1 sip:203.0.113.3:5060 0 0 duid=ast3
        2 sip:203.0.113.9:5060;transport=tcp 0 0 duid=tcp9
        3 sip:203.0.113.4:5060 0 0 duid=ast4;maxload=1
        3 sip:203.0.113.5:5060 0 0 duid=ast5;maxload=1
        4 sip:203.0.113.6:5060 1 0 duid=down6
        """;

    public static readonly SipEndPoint Phone = TransactionHarness.Phone;

    private readonly LocalDispatcherState _local;

    public ProxyHarness(ProxyOptions? options = null, IEnumerable<RoutingRule>? rules = null, RejectAction? noMatch = null)
    {
        Transactions = new TransactionHarness();
        var read = DispatcherListReader.Read(List, "test.list", DispatcherListLoadMode.Strict);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        _local = new LocalDispatcherState(read.Snapshot, HealthOptions.Default, CallLoadOptions.Default, Clock);
        State = new RecordingDispatcherState(_local);
        var table = new RoutingTable(rules ?? DefaultRules, noMatch);
        Proxy = new SipProxy(options ?? new ProxyOptions(), table, State, Transactions.Layer, Clock, random: new Random(7));
    }

    public static IEnumerable<RoutingRule> DefaultRules =>
    [
        new RoutingRule("to-tcp", new DispatchAction(2, DispatcherAlgorithm.RoundRobin)) { RequestUriUserPrefix = "tcp" },
        new RoutingRule("call-load", new DispatchAction(3, DispatcherAlgorithm.CallLoad)) { RequestUriUserPrefix = "load" },
        new RoutingRule("all-down", new DispatchAction(4, DispatcherAlgorithm.RoundRobin)) { RequestUriUserPrefix = "down" },
        new RoutingRule("no-set", new DispatchAction(99, DispatcherAlgorithm.RoundRobin)) { RequestUriUserPrefix = "nowhere" },
        new RoutingRule("blocked", new RejectAction(603, "Decline")) { RequestUriUserPrefix = "900" },
        new RoutingRule("invites", new DispatchAction(1, DispatcherAlgorithm.RoundRobin)) { Methods = ["INVITE", "MESSAGE"] },
    ];

    public TransactionHarness Transactions { get; }

    public ManualTimeProvider Clock => Transactions.Clock;

    public FakeSipTransport Transport => Transactions.Transport;

    public RecordingDispatcherState State { get; }

    public SipProxy Proxy { get; }

    public void Receive(string message, SipEndPoint from, long connectionId = 0) => Transactions.Receive(message, from, connectionId);

    public void Advance(double milliseconds) => Transactions.Advance(milliseconds);

    public List<SentMessage> Take() => Transport.Take();

    /// <summary>The one request of this method sent since the last take (the others are kept for the test to look at).</summary>
    public SentMessage TakeRequest(string method)
    {
        var sent = Take();
        return Assert.Single(sent, s => s.IsRequest(method));
    }

    public static SipEndPoint Udp(string address, int port = 5060) => new(SipTransportKind.Udp, IPAddress.Parse(address), port);

    public static SipEndPoint Tcp(string address, int port = 5060) => new(SipTransportKind.Tcp, IPAddress.Parse(address), port);

    public static string Invite(string user = "100", string branch = "z9hG4bKphone1", string callId = "call-1@198.51.100.7",
        string transport = "UDP", string sentBy = "198.51.100.7:5060", int? maxForwards = 70, string extraHeaders = "")
        => Request("INVITE", user, branch, callId, transport, sentBy, maxForwards, extraHeaders: extraHeaders, body: SipSamples.InviteSdp);

    public static string Request(string method, string user = "100", string branch = "z9hG4bKphone1", string callId = "call-1@198.51.100.7",
        string transport = "UDP", string sentBy = "198.51.100.7:5060", int? maxForwards = 70, uint cseq = 1,
        string requestUri = "", string? toTag = null, string extraHeaders = "", string body = "")
    {
        var head = new StringBuilder()
            .Append($"{method} {(requestUri.Length > 0 ? requestUri : $"sip:{user}@192.0.2.10")} SIP/2.0\n")
            .Append($"Via: SIP/2.0/{transport} {sentBy};branch={branch}\n");
        if (maxForwards is { } mf)
        {
            head.Append($"Max-Forwards: {mf}\n");
        }

        head.Append("From: \"Alice\" <sip:alice@198.51.100.7>;tag=a1\n")
            .Append($"To: <sip:{user}@192.0.2.10>{(toTag is null ? "" : $";tag={toTag}")}\n")
            .Append($"Call-ID: {callId}\n")
            .Append($"CSeq: {cseq} {method}\n")
            .Append("Contact: <sip:alice@198.51.100.7:5060>\n");
        if (extraHeaders.Length > 0)
        {
            head.Append(extraHeaders.TrimEnd('\n')).Append('\n');
        }

        if (body.Length > 0)
        {
            head.Append("Content-Type: application/sdp\n");
        }

        return SipSamples.Build(head.ToString(), body);
    }

    public void Dispose()
    {
        Transactions.Dispose();
        _local.Dispose();
    }
}
