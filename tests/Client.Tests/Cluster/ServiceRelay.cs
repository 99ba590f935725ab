using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Cluster;

/// <summary>
/// A UDP stand-in for the Kubernetes Service in front of the edges: one address for every edge,
/// and kube-proxy's conntrack behaviour behind it. Each client address is a flow, pinned to the
/// edge picked for its first datagram (round-robin over the endpoints); when that edge is
/// removed from the endpoints (its pod died) the flow's next datagram picks a live one. A flow
/// sends to its edge from a socket of its own, and what the edge sends back there goes to the
/// client from the Service address (the source NAT of <c>externalTrafficPolicy: Cluster</c>).
/// </summary>
internal sealed class ServiceRelay : IAsyncDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentDictionary<IPEndPoint, Flow> _flows = new();
    private readonly ConcurrentDictionary<(IPEndPoint Edge, string Method), int> _forwarded = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _loops = [];
    private volatile IPEndPoint[] _endpoints = [];
    private int _next;

    public ServiceRelay()
    {
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_front.LocalEndPoint!;
        _loops.Add(Task.Run(() => RelayAsync(_front, null)));
    }

    /// <summary>The Service address: what clients send to and Record-Route names.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>A ready edge joins the endpoints.</summary>
    public void Add(IPEndPoint edge) => _endpoints = [.. _endpoints, edge];

    /// <summary>What the endpoints controller does when a pod dies: new datagrams of its flows go elsewhere.</summary>
    public void Remove(IPEndPoint edge) => _endpoints = [.. _endpoints.Where(e => !e.Equals(edge))];

    /// <summary>Requests of <paramref name="method"/> from clients forwarded to <paramref name="edge"/> so far, retransmissions included.</summary>
    public int ForwardedTo(IPEndPoint edge, string method) => _forwarded.GetValueOrDefault((edge, method));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _front.Dispose();
        foreach (var flow in _flows.Values)
        {
            flow.Socket.Dispose();
        }

        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    /// <summary>From clients on the front socket (<paramref name="flow"/> null), or from an edge on a flow's socket.</summary>
    private async Task RelayAsync(Socket socket, Flow? flow)
    {
        var buffer = new byte[65_536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from a dead edge surfaces here; the flow re-picks on its next datagram.
                continue;
            }

            var datagram = buffer.AsMemory(0, received.ReceivedBytes);
            try
            {
                if (flow is null)
                {
                    var from = (IPEndPoint)received.RemoteEndPoint;
                    var target = FlowOf(from);
                    await target.Socket.SendToAsync(datagram, SocketFlags.None, target.Edge, _stop.Token);
                    _forwarded.AddOrUpdate((target.Edge, MethodOf(datagram.Span)), 1, (_, n) => n + 1);
                }
                else
                {
                    await _front.SendToAsync(datagram, SocketFlags.None, flow.Client, _stop.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Lost, as UDP may be; SIP retransmits.
            }
        }
    }

    private static string MethodOf(ReadOnlySpan<byte> datagram)
    {
        var space = datagram.IndexOf((byte)' ');
        return space > 0 ? System.Text.Encoding.ASCII.GetString(datagram[..space]) : string.Empty;
    }

    private Flow FlowOf(IPEndPoint client)
    {
        var endpoints = _endpoints;
        if (_flows.TryGetValue(client, out var flow) && endpoints.Contains(flow.Edge))
        {
            return flow;
        }

        if (endpoints.Length == 0)
        {
            throw new SocketException((int)SocketError.HostUnreachable);
        }

        var edge = endpoints[(int)((uint)(Interlocked.Increment(ref _next) - 1) % endpoints.Length)];
        if (flow is not null)
        {
            // Conntrack entry gone with the pod: same client, new edge, same flow socket.
            flow = flow with { Edge = edge };
            _flows[client] = flow;
            return flow;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        flow = new Flow(client, edge, socket);
        _flows[client] = flow;
        _loops.Add(Task.Run(() => RelayAsync(socket, flow)));
        return flow;
    }

    private sealed record Flow(IPEndPoint Client, IPEndPoint Edge, Socket Socket);
}
