using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Routing;

/// <summary>
/// A request's source address as <see cref="SourceNetwork"/> compares it: IPv4 in the low 32 bits,
/// IPv6 in all 128. An IPv4-mapped IPv6 address (<c>::ffff:203.0.113.10</c>, what a dual-stack
/// socket reports for an IPv4 peer) counts as the IPv4 address, so one rule covers both sockets.
/// </summary>
internal readonly record struct SourceAddress(UInt128 Bits, AddressFamily Family)
{
    /// <summary>Converts without allocating; <see langword="null"/> or a non-IP family gives an address no network contains.</summary>
    public static SourceAddress From(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address is null || !address.TryWriteBytes(bytes, out var written))
        {
            return default;
        }

        if (written == 4)
        {
            return new(BinaryPrimitives.ReadUInt32BigEndian(bytes), AddressFamily.InterNetwork);
        }

        return address.IsIPv4MappedToIPv6
            ? new(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), AddressFamily.InterNetwork)
            : new(BinaryPrimitives.ReadUInt128BigEndian(bytes), AddressFamily.InterNetworkV6);
    }
}
