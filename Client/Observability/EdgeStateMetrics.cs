using System.Diagnostics.Metrics;
using OrleansLB.Client.Hosting;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>
/// The SIP edge's observed instruments (meter <c>OrleansLB.Edge</c>), read from the counters the
/// transport and transaction layers keep anyway, so their hot paths pay nothing more: open
/// transactions, retransmissions, and dropped messages by reason.
/// </summary>
internal sealed class EdgeStateMetrics : IMetricsSource
{
    public EdgeStateMetrics(IMeterFactory meters, SipTransactionLayer layer, SipEdgeService sip, EdgeMetrics edge)
    {
        var meter = meters.Create(EdgeMetrics.MeterName);
        meter.CreateObservableGauge(
            "orleanslb.sip.transactions.active",
            () => new[]
            {
                new Measurement<int>(layer.ServerTransactionCount, new KeyValuePair<string, object?>("kind", "server")),
                new Measurement<int>(layer.ClientTransactionCount, new KeyValuePair<string, object?>("kind", "client")),
            },
            "{transaction}",
            "SIP transactions open now (still answering retransmissions included), by kind.");
        meter.CreateObservableCounter(
            "orleanslb.sip.retransmissions",
            () => layer.Stats.RetransmissionsSent + layer.Stats.RetransmissionsAbsorbed,
            "{message}",
            "SIP retransmissions: requests this edge resent (Timers A and E) plus retransmitted requests it absorbed; growth means loss or slow peers.");
        meter.CreateObservableCounter(
            "orleanslb.sip.dropped_messages",
            () =>
            {
                var transport = sip.TransportStats;
                return new[]
                {
                    Dropped("oversize", transport is null ? 0 : transport.Udp.Dropped),
                    Dropped("framing", transport?.FramingErrors ?? 0),
                    Dropped("malformed_response", layer.Stats.MalformedResponses),
                    Dropped("not_routed", edge.NotRoutedDrops),
                    Dropped("handler_error", layer.Stats.HandlerFailures + (transport is null ? 0 : transport.Udp.HandlerErrors + transport.Tcp.HandlerErrors)),
                };
            },
            "{message}",
            "SIP messages dropped without an answer, by reason: oversize (UDP datagram over Sip:MaxMessageSize), framing (TCP stream that cannot be framed), malformed_response, not_routed (ACK or response not routed through this edge), handler_error.");
    }

    public void Prepare()
    {
    }

    private static Measurement<long> Dropped(string reason, long count) => new(count, new KeyValuePair<string, object?>("reason", reason));
}
