using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>
/// The SIP edge's recorded instruments (meter <c>OrleansLB.Edge</c>): SIP requests, responses,
/// parse errors and transactions, and per destination (set, duid) the selections, failovers,
/// call outcomes and probe round trips. The methods are called from the SIP paths; every label
/// value is a string made once, so a call allocates nothing.
/// </summary>
internal sealed class EdgeMetrics : IMetricsSource
{
    public const string MeterName = "OrleansLB.Edge";

    /// <summary>Probe round trips: a LAN answers in a millisecond, a struggling Asterisk in seconds, a probe times out at 5 s by default.</summary>
    private static readonly double[] ProbeBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly string[] Methods = BuildMethods();
    private static readonly string[] Transports = ["udp", "tcp"];
    private static readonly string[] Classes = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"];
    private static readonly string[] Kinds = ["server", "client"];
    private static readonly string[] Outcomes = ["answered", "rejected", "failed", "cancelled", "timeout"];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _parseErrors;
    private readonly Counter<long> _transactions;
    private readonly Counter<long> _selections;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _probes;
    private readonly GrainMetrics? _grains;
    private readonly IDispatcherState? _state;
    private long _notRouted;
    private bool _preparedFixed;
    private long _preparedVersion = -1;

    /// <param name="grains">Where selection times go; none: not recorded.</param>
    /// <param name="state">The snapshot whose destinations get zero-valued series before their first event.</param>
    public EdgeMetrics(IMeterFactory meters, GrainMetrics? grains = null, IDispatcherState? state = null)
    {
        _grains = grains;
        _state = state;
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("orleanslb.sip.requests", "{request}", "SIP requests received, retransmissions included, by method (others as 'other') and transport.");
        _responses = meter.CreateCounter<long>("orleanslb.sip.responses", "{response}", "SIP responses sent to callers by the edge's server transactions, relayed or its own, by status class.");
        _parseErrors = meter.CreateCounter<long>("orleanslb.sip.parse_errors", "{message}", "Messages the SIP parser refused (a request is answered with 400 when possible), by transport.");
        _transactions = meter.CreateCounter<long>("orleanslb.sip.transactions", "{transaction}", "SIP transactions started, by kind (server: from callers; client: to destinations, probes included).");
        _selections = meter.CreateCounter<long>("orleanslb.destination.selections", "{selection}", "Times a dispatcher algorithm chose the destination first for a request.");
        _failovers = meter.CreateCounter<long>("orleanslb.destination.failovers", "{failover}", "Requests moved on from the destination after a failover code or no response in time (Kamailio's ds_next_dst).");
        _calls = meter.CreateCounter<long>("orleanslb.destination.calls", "{call}", "Dispatched INVITEs that ended at the destination, by outcome: answered, rejected, failed, cancelled, timeout.");
        _probes = meter.CreateHistogram(
            "orleanslb.destination.probe.duration",
            "s",
            "Round trip of OPTIONS probes the destination answered.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeBuckets });
    }

    /// <summary>ACKs and stray responses the proxy dropped because they were not routed through this edge.</summary>
    public long NotRoutedDrops => Interlocked.Read(ref _notRouted);

    public void RequestReceived(SipMethod method, SipTransportKind transport) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", Methods[(int)method]), new KeyValuePair<string, object?>("transport", Transports[(int)transport]));

    public void ResponseSent(int statusCode)
    {
        var index = (statusCode / 100) - 1;
        if ((uint)index < (uint)Classes.Length)
        {
            _responses.Add(1, new KeyValuePair<string, object?>("class", Classes[index]));
        }
    }

    public void ParseError(SipTransportKind transport) =>
        _parseErrors.Add(1, new KeyValuePair<string, object?>("transport", Transports[(int)transport]));

    public void TransactionStarted(bool server) =>
        _transactions.Add(1, new KeyValuePair<string, object?>("kind", Kinds[server ? 0 : 1]));

    public void Selected(int setId, Destination destination) =>
        _selections.Add(1, Set(setId), Duid(destination));

    /// <summary>A selection on this edge, from <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void SelectionTimed(DispatcherAlgorithm algorithm, long startTimestamp) => _grains?.SelectionTimed(algorithm, startTimestamp);

    public void Failover(int setId, Destination destination) =>
        _failovers.Add(1, Set(setId), Duid(destination));

    public void CallEnded(int setId, Destination destination, CallOutcome outcome) =>
        _calls.Add(1, Set(setId), Duid(destination), new KeyValuePair<string, object?>("outcome", Outcomes[(int)outcome]));

    /// <summary>A probe of <paramref name="destinationKey"/> was answered: its round trip counts for every set that lists it.</summary>
    public void ProbeReplied(DispatcherSnapshot snapshot, string destinationKey, TimeSpan roundTrip)
    {
        foreach (var set in snapshot.Sets)
        {
            if (set.IndexOf(destinationKey) is var i and >= 0)
            {
                _probes.Record(roundTrip.TotalSeconds, Set(set.SetId), Duid(set[i]));
            }
        }
    }

    public void DroppedNotRouted() => Interlocked.Increment(ref _notRouted);

    public void Prepare()
    {
        if (!_preparedFixed)
        {
            _preparedFixed = true;
            foreach (var method in Methods.Distinct())
            {
                foreach (var transport in Transports)
                {
                    _requests.Add(0, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("transport", transport));
                }
            }

            foreach (var transport in Transports)
            {
                _parseErrors.Add(0, new KeyValuePair<string, object?>("transport", transport));
            }

            foreach (var c in Classes)
            {
                _responses.Add(0, new KeyValuePair<string, object?>("class", c));
            }

            foreach (var kind in Kinds)
            {
                _transactions.Add(0, new KeyValuePair<string, object?>("kind", kind));
            }
        }

        if (_state?.Snapshot is not { } snapshot || snapshot.Version == _preparedVersion)
        {
            return;
        }

        _preparedVersion = snapshot.Version;
        foreach (var set in snapshot.Sets)
        {
            foreach (var destination in set.Destinations)
            {
                _selections.Add(0, Set(set.SetId), Duid(destination));
                _failovers.Add(0, Set(set.SetId), Duid(destination));
                foreach (var outcome in Outcomes)
                {
                    _calls.Add(0, Set(set.SetId), Duid(destination), new KeyValuePair<string, object?>("outcome", outcome));
                }
            }
        }
    }

    private static KeyValuePair<string, object?> Set(int setId) => new("set", MetricLabels.SetId(setId));

    private static KeyValuePair<string, object?> Duid(Destination destination) => new("duid", destination.Key);

    private static string[] BuildMethods()
    {
        var names = new string[Enum.GetValues<SipMethod>().Max(m => (int)m) + 1];
        Array.Fill(names, "other");
        foreach (var method in new[]
        {
            SipMethod.Invite, SipMethod.Ack, SipMethod.Bye, SipMethod.Cancel, SipMethod.Options, SipMethod.Register, SipMethod.Info,
            SipMethod.Update, SipMethod.Prack, SipMethod.Refer, SipMethod.Notify, SipMethod.Subscribe, SipMethod.Message,
        })
        {
            names[(int)method] = method.ToString().ToUpperInvariant();
        }

        return names;
    }
}
