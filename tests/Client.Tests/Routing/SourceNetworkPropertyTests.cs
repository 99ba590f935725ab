using System.Buffers.Binary;
using System.Net;
using FsCheck.Xunit;

namespace OrleansLB.Client.Routing;

/// <summary><see cref="SourceNetwork.Contains"/> against a bit-by-bit comparison of the address bytes.</summary>
public sealed class SourceNetworkPropertyTests
{
    [Property]
    public void Contains_AnyIPv4NetworkAndAddress_AgreesWithBitByBit(uint networkBits, uint addressBits, byte prefixSeed, byte flipSeed)
    {
        var prefix = prefixSeed % 33;
        var networkBytes = Cleared(BigEndian(networkBits), prefix);
        var network = Parse(networkBytes, prefix);

        // A random address rarely falls in a long prefix, so also try the network with one bit flipped.
        var nearby = (byte[])networkBytes.Clone();
        nearby[flipSeed % 32 / 8] ^= (byte)(0x80 >> (flipSeed % 8));

        foreach (var candidate in new[] { BigEndian(addressBits), nearby, networkBytes })
        {
            var expected = NaiveContains(networkBytes, prefix, candidate);
            var address = new IPAddress(candidate);

            Assert.Equal(expected, network.Contains(SourceAddress.From(address)));
            Assert.Equal(expected, network.Contains(SourceAddress.From(address.MapToIPv6())));
        }
    }

    [Property]
    public void Contains_AnyIPv6NetworkAndAddress_AgreesWithBitByBit(ulong networkHigh, ulong networkLow, ulong addressHigh, ulong addressLow, byte prefixSeed, byte flipSeed)
    {
        var prefix = prefixSeed % 129;
        var networkBytes = Cleared(BigEndian(networkHigh, networkLow), prefix);
        if (new IPAddress(networkBytes).IsIPv4MappedToIPv6)
        {
            return;
        }

        var network = Parse(networkBytes, prefix);
        var nearby = (byte[])networkBytes.Clone();
        nearby[flipSeed % 128 / 8] ^= (byte)(0x80 >> (flipSeed % 8));

        foreach (var candidate in new[] { BigEndian(addressHigh, addressLow), nearby, networkBytes })
        {
            var address = new IPAddress(candidate);
            var expected = !address.IsIPv4MappedToIPv6 && NaiveContains(networkBytes, prefix, candidate);

            Assert.Equal(expected, network.Contains(SourceAddress.From(address)));
        }
    }

    [Property]
    public void Contains_IPv4NetworkAndNativeIPv6Address_NeverMatch(uint networkBits, byte prefixSeed, ulong addressHigh, ulong addressLow)
    {
        var prefix = prefixSeed % 33;
        var network = Parse(Cleared(BigEndian(networkBits), prefix), prefix);
        var address = new IPAddress(BigEndian(addressHigh, addressLow));
        if (address.IsIPv4MappedToIPv6)
        {
            return;
        }

        Assert.False(network.Contains(SourceAddress.From(address)));
    }

    private static SourceNetwork Parse(byte[] networkBytes, int prefix)
    {
        var text = $"{new IPAddress(networkBytes)}/{prefix}";
        Assert.True(SourceNetwork.TryParse(text, out var network, out var problem), $"{text}: {problem}");
        return network;
    }

    private static bool NaiveContains(byte[] network, int prefix, byte[] address)
    {
        if (network.Length != address.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix; i++)
        {
            if (Bit(network, i) != Bit(address, i))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Cleared(byte[] bytes, int prefix)
    {
        for (var i = prefix; i < bytes.Length * 8; i++)
        {
            bytes[i / 8] &= (byte)~(0x80 >> (i % 8));
        }

        return bytes;
    }

    private static bool Bit(byte[] bytes, int index) => (bytes[index / 8] & (0x80 >> (index % 8))) != 0;

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(ulong high, ulong low)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), low);
        return bytes;
    }
}
