using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansLB.Client.Sipp;

/// <summary>
/// A stateless, record-routing SIP proxy over UDP, only as large as it must be to prove that the
/// scenarios follow Record-Route and Route the way they must behind the edge.
/// </summary>
/// <remarks>
/// Requests without a Route naming the relay (initial INVITEs, CANCELs, ACKs for non-2xx) go to
/// the backend; the relay adds its Via (branch derived from the incoming one, so a CANCEL
/// matches its INVITE) and, on an initial INVITE, a Record-Route. In-dialog requests arrive with
/// a Route naming the relay; it removes that entry and forwards to the Request-URI (loose
/// routing, RFC 3261 16.4 and 16.6). Responses lose the top Via and go to the next Via's sent-by.
/// </remarks>
internal sealed class RecordRoutingRelay : IAsyncDisposable
{
    private const string Crlf = "\r\n";
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _backend;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RecordRoutingRelay(IPEndPoint backend)
    {
        _backend = backend;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(RelayAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Messages the relay could not parse or send, with the reason.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Every request the relay forwarded, in arrival order.</summary>
    public ConcurrentQueue<RelayedRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped while receiving.
        }

        _stop.Dispose();
    }

    private async Task RelayAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var message = Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes);
            var headEnd = message.IndexOf(Crlf + Crlf, StringComparison.Ordinal);
            if (headEnd < 0)
            {
                continue;
            }

            try
            {
                var lines = message[..headEnd].Split(Crlf).ToList();
                var body = message[headEnd..];
                var target = lines[0].StartsWith("SIP/2.0 ", StringComparison.Ordinal) ? Response(lines) : Request(lines);
                if (target is not null)
                {
                    await _socket.SendToAsync(Encoding.ASCII.GetBytes(string.Join(Crlf, lines) + body), target, _stop.Token);
                }
            }
            catch (Exception e) when (e is FormatException or SocketException or IndexOutOfRangeException or ArgumentException)
            {
                Errors.Enqueue($"{e.GetType().Name}: {e.Message} relaying:\n{message}");
            }
        }
    }

    private IPEndPoint? Response(List<string> lines)
    {
        var via = lines.FindIndex(IsVia);
        if (via < 0)
        {
            return null;
        }

        // sipp's [last_Via:] writes one Via per line; a value captured by ereg joins them with commas.
        var values = Value(lines[via]).Split(',', 2);
        if (values.Length == 2)
        {
            lines[via] = "Via: " + values[1].Trim();
        }
        else
        {
            lines.RemoveAt(via);
        }

        var next = lines.FindIndex(IsVia);
        return next < 0 ? null : HostPort(Value(lines[next]).Split(',')[0].Split(' ', 2)[1]);
    }

    private IPEndPoint? Request(List<string> lines)
    {
        var requestLine = lines[0].Split(' ');
        var method = requestLine[0];
        var self = $"127.0.0.1:{EndPoint.Port}";
        var route = lines.FindIndex(l => l.StartsWith("Route:", StringComparison.OrdinalIgnoreCase));
        var routedToUs = route >= 0 && Value(lines[route]).Split(',')[0].Contains(self, StringComparison.Ordinal);
        IPEndPoint target;
        if (routedToUs)
        {
            var rest = Value(lines[route]).Split(',', 2);
            if (rest.Length == 2)
            {
                lines[route] = "Route: " + rest[1].Trim();
                target = HostPort(rest[1]);
            }
            else
            {
                lines.RemoveAt(route);
                target = HostPort(requestLine[1]);
            }
        }
        else
        {
            target = _backend;
        }

        var topVia = lines.FindIndex(IsVia);
        var branch = topVia < 0 ? string.Empty : Value(lines[topVia]).Split("branch=", 2).ElementAtOrDefault(1)?.Split(';', ',')[0] ?? string.Empty;
        lines.Insert(1, $"Via: SIP/2.0/UDP {self};branch=z9hG4bK-relay-{branch}");
        var toHasTag = lines.Exists(l => (l.StartsWith("To:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("t:", StringComparison.Ordinal))
            && l.Contains(";tag=", StringComparison.OrdinalIgnoreCase));
        if (method == "INVITE" && !toHasTag)
        {
            // Above the Vias, as Kamailio writes it, so that the Via rows stay adjacent.
            lines.Insert(1, $"Record-Route: <sip:{self};lr>");
        }

        Requests.Enqueue(new RelayedRequest(method, branch, routedToUs, target));
        return target;
    }

    private static bool IsVia(string line) =>
        line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("v:", StringComparison.Ordinal);

    private static string Value(string header) => header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();

    // "sip:user@127.0.0.1:5060;transport=UDP", "<sip:127.0.0.1:5060;lr>" or a Via sent-by "127.0.0.1:5060;branch=...".
    private static IPEndPoint HostPort(string text)
    {
        var value = text.Trim().TrimStart('<');
        value = value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? value[4..] : value;
        value = value[(value.IndexOf('@', StringComparison.Ordinal) + 1)..];
        value = value.Split(';', '>', ' ')[0];
        return IPEndPoint.Parse(value);
    }
}
