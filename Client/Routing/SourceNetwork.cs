using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Routing;

/// <summary>
/// One entry of a rule's <c>Source</c>: an address (<c>198.51.100.5</c>, <c>2001:db8::1</c>) or a
/// CIDR network (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>), with its mask computed once so
/// <see cref="Contains"/> is one AND and one compare.
/// </summary>
/// <remarks>
/// An IPv4-mapped network (<c>::ffff:203.0.113.0/120</c>) is stored as the IPv4 one, as
/// <see cref="SourceAddress"/> stores mapped sources. <c>::/0</c> is every IPv6 source only: a
/// rule for every source leaves <c>Source</c> out.
/// </remarks>
internal readonly record struct SourceNetwork
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private SourceNetwork(UInt128 network, UInt128 mask, AddressFamily family, int prefixLength)
    {
        _network = network;
        _mask = mask;
        Family = family;
        PrefixLength = prefixLength;
    }

    public AddressFamily Family { get; }

    public int PrefixLength { get; }

    public bool Contains(SourceAddress address) =>
        address.Family == Family && (address.Bits & _mask) == _network;

    /// <summary>Reads an address or a CIDR network; <paramref name="problem"/> says what is wrong and how to write it.</summary>
    public static bool TryParse(string? text, out SourceNetwork network, out string? problem)
    {
        network = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "empty; give an IP address (198.51.100.5, 2001:db8::1) or a CIDR network (203.0.113.0/24, 2001:db8::/32)";
            return false;
        }

        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            problem = $"'{text}' is not an IP address or CIDR (write an address as 198.51.100.5 or 2001:db8::1, a network as 203.0.113.0/24 or 2001:db8::/32)";
            return false;
        }

        // IPAddress also reads inet_aton forms ("10.1", "010.0.0.1" as octal 8.0.0.1): accept only the plain dotted quad.
        if (address.AddressFamily == AddressFamily.InterNetwork && address.ToString() != addressText)
        {
            problem = $"'{text}' is not an IP address or CIDR (write IPv4 as four decimal numbers without leading zeros, such as {address})";
            return false;
        }

        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var width = isV4 ? 32 : 128;
        var prefix = width;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > width))
        {
            problem = $"'{text}' is not an IP address or CIDR (prefix length must be 0-{width} for IPv{(isV4 ? 4 : 6)})";
            return false;
        }

        var writtenPrefix = prefix;
        var source = SourceAddress.From(address);
        if (!isV4 && source.Family == AddressFamily.InterNetwork)
        {
            if (prefix < 96)
            {
                problem = $"'{text}' is an IPv4-mapped network shorter than /96; write it as an IPv4 network, such as 203.0.113.0/24";
                return false;
            }

            prefix -= 96;
            width = 32;
        }

        var mask = prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix) >> (128 - width);
        network = new SourceNetwork(source.Bits & mask, mask, source.Family, prefix);
        if (network._network != source.Bits)
        {
            problem = $"'{text}' has bits set after the first {writtenPrefix}; write {network} for the network, or the address alone for one host";
            network = default;
            return false;
        }

        return true;
    }

    /// <summary>The network as written in configuration, address alone for a single host.</summary>
    public override string ToString()
    {
        var isV4 = Family == AddressFamily.InterNetwork;
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _network);
        var address = new IPAddress(isV4 ? bytes[12..] : bytes);
        return PrefixLength == (isV4 ? 32 : 128) ? address.ToString() : $"{address}/{PrefixLength}";
    }
}
