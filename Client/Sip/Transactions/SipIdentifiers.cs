using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// Branches, tags and Call-IDs this element makes: a random prefix per process and a counter, so
/// they are unique across restarts and edges; a branch that opens a transaction also ends in random
/// bits, so it cannot be guessed from the ones a caller sees.
/// </summary>
internal static class SipIdentifiers
{
    /// <summary>The RFC 3261 magic cookie (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    private static readonly string Instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    private static long _counter;

    /// <summary>A new branch for a request this element originates (an OPTIONS probe).</summary>
    public static string NewBranch() => $"{MagicCookie}{Instance}{Next()}.{Unguessable():x16}";

    /// <summary>
    /// A new branch whose first part after the cookie is <paramref name="loopHash"/> (RFC 3261 §16.6
    /// step 8): a request that comes back with the same hash in a Via of ours has looped (§16.3 step 4).
    /// </summary>
    public static string NewBranch(uint loopHash) => $"{MagicCookie}{loopHash:x8}.{Instance}{Next()}.{Unguessable():x16}";

    /// <summary>
    /// The branch of a request forwarded statelessly (an ACK for a 2xx): the same for every
    /// retransmission of the request, so it depends only on the received branch (RFC 3261 §16.11).
    /// </summary>
    public static string StatelessBranch(uint loopHash, ReadOnlySpan<byte> receivedBranch)
        => $"{MagicCookie}{loopHash:x8}.s{OrleansLB.Grains.Interfaces.Model.StableHash.Of(receivedBranch):x16}";

    /// <summary>Whether <paramref name="branch"/> was made by <see cref="NewBranch(uint)"/> with this hash.</summary>
    public static bool HasLoopHash(ReadOnlySpan<byte> branch, uint loopHash)
    {
        Span<byte> expected = stackalloc byte[MagicCookie.Length + 9];
        "z9hG4bK"u8.CopyTo(expected);
        loopHash.TryFormat(expected[MagicCookie.Length..], out _, "x8", CultureInfo.InvariantCulture);
        expected[^1] = (byte)'.';
        return branch.StartsWith(expected);
    }

    public static string NewTag() => $"{Instance}{Next()}";

    public static string NewCallId() => $"{Instance}{Next()}-olb";

    /// <summary>
    /// 64 random bits at the end of every branch that opens a transaction. An ICMP error that
    /// quotes a branch fails its transaction (<c>Sip:UdpUnreachable</c>), and a caller sees the
    /// prefix and the counter in the Via of every request relayed to it: without these bits a
    /// forger with a backend's address could fail its probes and mark it down.
    /// </summary>
    private static ulong Unguessable()
    {
        var bits = 0UL;
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(new Span<ulong>(ref bits)));
        return bits;
    }

    private static string Next() => Interlocked.Increment(ref _counter).ToString("x", CultureInfo.InvariantCulture);
}
