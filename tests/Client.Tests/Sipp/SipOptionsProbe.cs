using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansLB.Client.Sipp;

/// <summary>A minimal out-of-dialog OPTIONS sender over UDP, as a health prober would send one.</summary>
internal static class SipOptionsProbe
{
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Sends OPTIONS to <paramref name="target"/>, retransmitting every T1 as RFC 3261 17.1.2.2
    /// does, and returns the status line of the first final response, or null at the timeout.
    /// </summary>
    public static async Task<string?> SendAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var id = Guid.NewGuid().ToString("N");
        var request = Encoding.ASCII.GetBytes(
            $"OPTIONS sip:{target} SIP/2.0\r\n"
            + $"Via: SIP/2.0/UDP {local};branch=z9hG4bK{id}\r\n"
            + "Max-Forwards: 70\r\n"
            + $"From: <sip:probe@{local}>;tag={id[..8]}\r\n"
            + $"To: <sip:{target}>\r\n"
            + $"Call-ID: {id}@{local.Address}\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = new byte[65535];
        while (!deadline.IsCancellationRequested)
        {
            using var retransmit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            retransmit.CancelAfter(T1);
            try
            {
                await socket.SendToAsync(request, target, retransmit.Token);
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), retransmit.Token);
                    var text = Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes);
                    var statusLine = text[..Math.Max(0, text.IndexOf("\r\n", StringComparison.Ordinal))];
                    if (statusLine.Length > 12 && statusLine[8] != '1')
                    {
                        return statusLine;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Retransmit, or give up once the deadline has passed.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }
}
