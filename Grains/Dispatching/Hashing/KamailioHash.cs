namespace OrleansLB.Grains.Dispatching.Hashing;

/// <summary>
/// Kamailio's dispatcher hash (<c>ds_get_hash</c> in dispatch.c) and the keys its hash
/// algorithms feed it, so the Kamailio-compatible placement picks the same index as a
/// Kamailio on x86 for the same message.
/// </summary>
internal static class KamailioHash
{
    /// <summary>
    /// <c>ds_get_hash(x, y)</c>: 4-byte big-endian words folded with <c>v ^ (v &gt;&gt; 3)</c>, then
    /// the tail bytes, per key, then a final avalanche; never 0. Bytes are read as C <c>char</c>,
    /// which is signed on x86 (Kamailio's usual build), so bytes &gt;= 0x80 sign-extend. On ARM,
    /// where <c>char</c> is unsigned, Kamailio's values differ for such bytes.
    /// </summary>
    public static uint Of(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y = default)
    {
        // An absent key and an empty one both add 0 in the C code, so spans need no null case.
        var h = Fold(x) + Fold(y);
        h += (h >> 11) + (h >> 13) + (h >> 23);
        return h == 0 ? 1 : h;
    }

    /// <summary>Kamailio's <c>trim()</c>: drops spaces, tabs, CR and LF at both ends.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        // A hand loop: values rarely carry whitespace, and this costs two compares when they do not.
        var start = 0;
        while (start < value.Length && IsWhitespace(value[start]))
        {
            start++;
        }

        var end = value.Length;
        while (end > start && IsWhitespace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>
    /// <c>get_uri_hash_keys</c> on the trimmed URI (algorithms 1, 2, 3): <paramref name="user"/> is
    /// the URI's user, <paramref name="hostPort"/> its host with <c>:port</c> only when the port is
    /// not the scheme's default (5060, or 5061 for <c>sips:</c>), and empty when
    /// <paramref name="userOnly"/> (Kamailio's <c>flags</c> bit 1). False when the URI does not
    /// parse, where Kamailio fails the selection.
    /// </summary>
    public static bool TryGetUriKeys(
        ReadOnlySpan<byte> uri, bool userOnly, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> hostPort)
    {
        if (!SipUriKey.TryParse(uri, out var parsed))
        {
            user = default;
            hostPort = default;
            return false;
        }

        user = parsed.User;
        hostPort = userOnly ? default : parsed.HostKey;
        return true;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static uint Fold(ReadOnlySpan<byte> s)
    {
        uint h = 0;
        var i = 0;
        for (; i + 4 <= s.Length; i += 4)
        {
            var v = (uint)(((sbyte)s[i] << 24) + ((sbyte)s[i + 1] << 16) + ((sbyte)s[i + 2] << 8) + (sbyte)s[i + 3]);
            h += v ^ (v >> 3);
        }

        uint tail = 0;
        for (; i < s.Length; i++)
        {
            tail = (tail << 8) + (uint)(sbyte)s[i];
        }

        return h + (tail ^ (tail >> 3));
    }
}
