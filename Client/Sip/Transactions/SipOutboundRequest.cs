using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// A request this element originates on its own (an OPTIONS probe): the layer adds Via, tags,
/// Call-ID, CSeq, Max-Forwards and Content-Length.
/// </summary>
/// <param name="From">A URI or name-addr, such as <c>sip:kamailio@example.com</c>; the layer adds the tag.</param>
/// <param name="To">A URI or name-addr, usually the Request-URI.</param>
internal sealed record SipOutboundRequest(SipEndPoint Destination, string Method, string RequestUri, string From, string To)
{
    /// <summary>Complete header lines without line ends, such as <c>User-Agent: OrleansLB</c>.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];
}
