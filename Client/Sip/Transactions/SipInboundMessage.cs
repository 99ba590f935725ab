using System.Net;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// A received message, parsed, and where it came from. A request has its own copy of the bytes
/// and outlives the receive loop (transactions and the proxy share it; it is immutable). A
/// response is parsed in place, into a per-thread message over the receive buffer, and is valid
/// only during the call it is handed up in: <see cref="Detach"/> makes one that may be kept.
/// </summary>
internal sealed class SipInboundMessage
{
    public SipInboundMessage(SipMessage message, SipEndPoint local, SipEndPoint remote, long connectionId)
    {
        Message = message;
        Local = local;
        Remote = remote;
        ConnectionId = connectionId;
        if (message.IsRequest && message.ViaCount > 0)
        {
            (ViaReceived, ViaRPort, ResponseTarget) = Annotate(message.TopVia, local, remote, connectionId);
        }
    }

    public SipMessage Message { get; }

    /// <summary>The listener that received it.</summary>
    public SipEndPoint Local { get; }

    public SipEndPoint Remote { get; }

    /// <summary>The TCP connection it came on; 0 for UDP.</summary>
    public long ConnectionId { get; }

    public SipTransportKind Transport => Local.Transport;

    public bool IsReliable => Transport != SipTransportKind.Udp;

    /// <summary>
    /// For a request: the <c>received</c> value for its top Via (RFC 3261 §18.2.1: the source
    /// address when sent-by names something else, or always when the client asked for rport); null for none.
    /// </summary>
    public byte[]? ViaReceived { get; }

    /// <summary>For a request: the <c>rport</c> value for its top Via (RFC 3581 §4, the source port), or 0.</summary>
    public int ViaRPort { get; }

    /// <summary>For a request: where its responses go (§18.2.2 with RFC 3581).</summary>
    public SipResponseTarget ResponseTarget { get; }

    /// <summary>The Call-ID as a string (for reports and logs).</summary>
    public string CallId => Encoding.ASCII.GetString(Message.CallId);

    /// <summary>A copy with its own bytes, to keep a response past the call it was handed up in.</summary>
    public SipInboundMessage Detach() => new(Message.Clone(), Local, Remote, ConnectionId);

    public override string ToString() => Message.ToString();

    private static (byte[]? Received, int RPort, SipResponseTarget Target) Annotate(SipVia via, SipEndPoint local, SipEndPoint remote, long connectionId)
    {
        var source = remote.EndPoint.Address;
        var rport = via.HasRPort ? remote.EndPoint.Port : 0;
        var host = via.Host;
        if (host.Length > 1 && host[0] == '[')
        {
            host = host[1..^1];
        }

        byte[]? received = null;
        if (rport > 0 || !IPAddress.TryParse(Encoding.ASCII.GetString(host), out var sentBy) || !sentBy.Equals(source))
        {
            received = Encoding.ASCII.GetBytes(source.ToString());
        }

        // TCP answers on the connection; the end point is the fallback when it closed (§18.2.2).
        // The address is always the source: received is set whenever sent-by differs from it.
        var port = rport > 0 ? rport : via.HasPort ? via.Port : SipListenerOptions.DefaultPort;
        var target = new SipResponseTarget(new SipEndPoint(local.Transport, source, port), connectionId);
        return (received, rport, target);
    }
}
