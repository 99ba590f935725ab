using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// The ICMP errors a UDP socket's datagrams drew, read from Linux's error queue (<c>IP_RECVERR</c>,
/// <c>IPV6_RECVERR</c>, <c>recvmsg(MSG_ERRQUEUE)</c>), each with the address the datagram was sent
/// to. An unconnected UDP socket otherwise never hears of them, so a request to a port where no one
/// listens any more (an Asterisk that crashed or restarts) waits out its timer instead of failing
/// at once as RFC 3261 §18.4 asks.
/// </summary>
/// <remarks>
/// Once enabled, Linux also reports a queued error as the failure of the socket's next receive or
/// send, whatever its destination: <see cref="SipUdpListener"/> drains the queue then, and sends again.
/// </remarks>
internal sealed class UdpErrorQueue
{
    private const int SolIp = 0;
    private const int IpRecvErr = 11;
    private const int SolIpv6 = 41;
    private const int Ipv6RecvErr = 25;
    private const int MsgDontWait = 0x40;
    private const int MsgErrQueue = 0x2000;
    private const byte OriginIcmp = 2;
    private const byte OriginIcmp6 = 3;
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int ConnectionRefused = 111;

    /// <summary>At most this many errors a drain: a flood of ICMP must not hold the receive loop.</summary>
    private const int MaxPerDrain = 64;

    /// <summary>How much of a datagram is read back; Linux quotes up to 520 bytes (576 less the IP, ICMP, IP and UDP headers).</summary>
    public const int QuoteSize = 512;

    // One pinned buffer for recvmsg: the datagram's first bytes as the ICMP error quotes them, the
    // address it was sent to, the control messages, and the iovec pointing at the first part.
    private const int PayloadAt = 0;
    private const int NameAt = QuoteSize;
    private const int NameSize = 32;
    private const int ControlAt = NameAt + NameSize;
    private const int ControlSize = 128;
    private const int IoVecAt = ControlAt + ControlSize;
    private const int BufferSize = IoVecAt + 16;

    private readonly Socket _socket;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private readonly Lock _lock = new();

    private UdpErrorQueue(Socket socket)
    {
        _socket = socket;
        var iov = _buffer.AsSpan(IoVecAt);
        BinaryPrimitives.WriteInt64LittleEndian(iov, Address(PayloadAt));
        BinaryPrimitives.WriteInt64LittleEndian(iov[8..], QuoteSize);
    }

    /// <summary>Asks the kernel to queue the ICMP errors of <paramref name="socket"/>; null where it cannot (not 64-bit little-endian Linux).</summary>
    public static UdpErrorQueue? TryCreate(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        try
        {
            Span<byte> on = stackalloc byte[sizeof(int)];
            BinaryPrimitives.WriteInt32LittleEndian(on, 1);
            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.SetRawSocketOption(SolIpv6, Ipv6RecvErr, on);
            }
            else
            {
                socket.SetRawSocketOption(SolIp, IpRecvErr, on);
            }

            return new UdpErrorQueue(socket);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>A datagram <paramref name="destination"/> refused, with its first bytes as quoted.</summary>
    public delegate void Unreachable(IPEndPoint destination, ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Reads the queued errors without blocking, and gives <paramref name="unreachable"/> each
    /// datagram its destination refused (ICMP port unreachable from that host). Returns how many
    /// errors were read, of any kind.
    /// </summary>
    public int Drain(Unreachable unreachable)
    {
        var added = false;
        var handle = _socket.SafeHandle;
        Span<byte> datagram = stackalloc byte[QuoteSize];
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var read = 0;
            while (read < MaxPerDrain)
            {
                IPEndPoint? refusedBy;
                int length;

                // Copied out of the shared buffer: the handler may send, and a send may drain again.
                lock (_lock)
                {
                    if (!TryRead(fd, out refusedBy, out length))
                    {
                        break;
                    }

                    _buffer.AsSpan(PayloadAt, length).CopyTo(datagram);
                }

                read++;
                if (refusedBy is not null)
                {
                    unreachable(refusedBy, datagram[..length]);
                }
            }

            return read;
        }
        catch (Exception e) when (e is ObjectDisposedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Reads one queued error; <paramref name="refusedBy"/> is the datagram's destination when it refused it, else null.</summary>
    private bool TryRead(int fd, out IPEndPoint? refusedBy, out int length)
    {
        refusedBy = null;
        length = 0;
        var header = new MsgHdr
        {
            Name = Address(NameAt),
            NameLength = NameSize,
            Iov = Address(IoVecAt),
            IovLength = 1,
            Control = Address(ControlAt),
            ControlLength = ControlSize,
        };
        var received = RecvMsg(fd, ref header, MsgErrQueue | MsgDontWait);
        if (received < 0)
        {
            return false;
        }

        length = (int)Math.Min(received, QuoteSize);
        var destination = ReadAddress(_buffer.AsSpan(NameAt, (int)Math.Min(header.NameLength, NameSize)));
        if (destination is not null && IsRefusedBy(_buffer.AsSpan(ControlAt, (int)Math.Min((ulong)header.ControlLength, ControlSize)), destination.Address))
        {
            refusedBy = destination;
        }

        return true;
    }

    private nint Address(int offset) => Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, offset);

    private static IPEndPoint? ReadAddress(ReadOnlySpan<byte> name)
    {
        if (name.Length < 2)
        {
            return null;
        }

        // sockaddr_in / sockaddr_in6: the family in host order, the port in network order.
        var family = BinaryPrimitives.ReadUInt16LittleEndian(name);
        if (family == AfInet && name.Length >= 8)
        {
            return new IPEndPoint(new IPAddress(name.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(name[2..]));
        }

        if (family == AfInet6 && name.Length >= 28)
        {
            return new IPEndPoint(new IPAddress(name.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(name[24..])), BinaryPrimitives.ReadUInt16BigEndian(name[2..]));
        }

        return null;
    }

    /// <summary>
    /// Whether the first IP_RECVERR / IPV6_RECVERR control message (<c>sock_extended_err</c>, then
    /// the offender's address) is an ICMP port unreachable sent by <paramref name="destination"/>
    /// itself: the answer of a host where no one listens on the port. Other errors (from routers,
    /// too big, prohibited) are read and dropped.
    /// </summary>
    private static bool IsRefusedBy(ReadOnlySpan<byte> control, IPAddress destination)
    {
        // cmsghdr: size_t cmsg_len, int level, int type, then the data at 16 (64-bit Linux).
        while (control.Length >= 16)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(control), (ulong)control.Length);
            if (length < 16)
            {
                return false;
            }

            var level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            if ((level == SolIp && type == IpRecvErr) || (level == SolIpv6 && type == Ipv6RecvErr))
            {
                return length >= 32 + 2
                    && BinaryPrimitives.ReadInt32LittleEndian(control[16..]) == ConnectionRefused
                    && control[20] is (OriginIcmp or OriginIcmp6)
                    && ReadAddress(control[32..length]) is { } offender
                    && offender.Address.Equals(destination);
            }

            control = control[Math.Min((length + 7) & ~7, control.Length)..];
        }

        return false;
    }

    // DllImport, not LibraryImport: its generated stub needs unsafe code, and these arguments are blittable.
    [DllImport("libc", EntryPoint = "recvmsg")]
    private static extern nint RecvMsg(int fd, ref MsgHdr message, int flags);

    /// <summary>struct msghdr of 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }
}
