using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Health;

/// <summary>
/// Probes through the transaction layer: an OPTIONS of the edge's own, retransmitted by Timer E
/// over UDP, to the destination's URI over its transport (UDP when it names none, as Kamailio's
/// keepalives go). A refused connection or an unresolvable host fails like a timeout.
/// </summary>
internal sealed class TransactionProbeSender(SipTransactionLayer layer, SipUriResolver resolver) : IProbeSender
{
    public async ValueTask<ProbeOutcome> ProbeAsync(Destination destination, string fromUri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await resolver.ResolveAsync(destination.Uri, SipTransportKind.Udp, cancellationToken).ConfigureAwait(false) is not { } endPoint)
        {
            return ProbeOutcome.TimedOut;
        }

        var request = new SipOutboundRequest(endPoint, "OPTIONS", destination.Uri, fromUri, destination.Uri);
        var result = await layer.SendRequestAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        return result.Outcome == SipRequestOutcome.Response
            ? new ProbeOutcome(result.StatusCode, result.RoundTrip)
            : ProbeOutcome.TimedOut;
    }
}
