using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>A plain TCP socket playing the far side of a SIP connection in tests.</summary>
internal sealed class TcpPeer : IDisposable
{
    private readonly NetworkStream _stream;

    private TcpPeer(Socket socket)
    {
        Socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Socket Socket { get; }

    public SipEndPoint LocalEndPoint => new(SipTransportKind.Tcp, (IPEndPoint)Socket.LocalEndPoint!);

    public static async Task<TcpPeer> ConnectAsync(SipEndPoint server, CancellationToken deadline)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.EndPoint, deadline);
            return new TcpPeer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static TcpPeer Wrap(Socket socket) => new(socket);

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task<string> ReadAsync(int length, CancellationToken deadline)
    {
        var buffer = new byte[length];
        await _stream.ReadExactlyAsync(buffer, deadline);
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Reads (and discards) until the other side closes: end of stream or reset. Throws at the deadline.</summary>
    public async Task<bool> ClosedByPeerAsync(CancellationToken deadline)
    {
        try
        {
            var buffer = new byte[256];
            while (true)
            {
                if (await _stream.ReadAsync(buffer, deadline) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
