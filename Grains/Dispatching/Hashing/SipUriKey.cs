using System.Buffers;

namespace OrleansLB.Grains.Dispatching.Hashing;

/// <summary>
/// The parts of a SIP URI that the hash algorithms read (<c>sip:user@host:port;params?headers</c>,
/// <c>sips:</c>, <c>tel:</c>, IPv6 <c>[...]</c>), as views into the caller's bytes. It follows
/// Kamailio's <c>parse_uri</c> where that changes the key: the user ends at the password colon, a
/// URI without <c>@</c> has no user, a second <c>@</c> is an error, and with <c>user=phone</c> the
/// user ends at its first <c>;</c> (core <c>phone2tel</c>, on by default). Never throws.
/// </summary>
internal readonly ref struct SipUriKey
{
    // Kamailio accepts letters, digits, '.' and '-' in a host name; '_' is tolerated as many deployments use it.
    private static readonly SearchValues<byte> HostBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"u8);

    private static readonly SearchValues<byte> UserInfoSpecials = SearchValues.Create(":[]"u8);

    private SipUriKey(ReadOnlySpan<byte> user, ReadOnlySpan<byte> host, ReadOnlySpan<byte> port, ReadOnlySpan<byte> hostKey)
    {
        User = user;
        Host = host;
        Port = port;
        HostKey = hostKey;
    }

    /// <summary>The user part without password; empty when the URI has none. For <c>tel:</c>, the number.</summary>
    public ReadOnlySpan<byte> User { get; }

    /// <summary>The host, brackets included for IPv6; empty for <c>tel:</c>.</summary>
    public ReadOnlySpan<byte> Host { get; }

    /// <summary>The port digits as written; empty when there is no port.</summary>
    public ReadOnlySpan<byte> Port { get; }

    /// <summary>Kamailio's second hash key: the host, followed by <c>:port</c> unless the port is the scheme's default.</summary>
    public ReadOnlySpan<byte> HostKey { get; }

    /// <summary>Parses a URI; a surrounding <c>&lt;...&gt;</c> (with or without a display name) is tolerated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> uri, out SipUriKey key)
    {
        key = default;
        uri = KamailioHash.Trim(uri);
        var scheme = Scheme(uri);
        if (scheme < 0)
        {
            // Only a URI that does not start with its scheme can be wrapped; this keeps the search off the usual path.
            var open = uri.IndexOf((byte)'<');
            var close = open < 0 ? -1 : uri[(open + 1)..].IndexOf((byte)'>');
            if (close < 0)
            {
                return false;
            }

            uri = KamailioHash.Trim(uri.Slice(open + 1, close));
            scheme = Scheme(uri);
        }

        if (scheme < 0)
        {
            return false;
        }

        var secure = scheme == 5;
        var tel = (uri[0] | 0x20) == (byte)'t';
        uri = uri[scheme..];
        if (tel)
        {
            return TryParseTel(uri, out key);
        }

        ReadOnlySpan<byte> user = default;
        var at = uri.IndexOf((byte)'@');
        if (at >= 0)
        {
            var userInfo = uri[..at];
            uri = uri[(at + 1)..];
            var special = userInfo.IndexOfAny(UserInfoSpecials);
            user = special < 0 ? userInfo : userInfo[..special];
            if (special >= 0 && (userInfo[special] != (byte)':' || userInfo[(special + 1)..].IndexOfAny(UserInfoSpecials) >= 0))
            {
                return false;
            }

            if (uri.Contains((byte)'@'))
            {
                return false;
            }
        }

        var hostLength = HostLength(uri);
        if (hostLength <= 0)
        {
            return false;
        }

        var host = uri[..hostLength];
        var rest = uri[hostLength..];
        ReadOnlySpan<byte> port = default;
        var hasPort = !rest.IsEmpty && rest[0] == (byte)':';
        if (hasPort)
        {
            rest = rest[1..];
            var digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            port = digits < 0 ? rest : rest[..digits];
            rest = rest[port.Length..];
            if (port.Length > 5)
            {
                return false;
            }
        }

        if (!rest.IsEmpty && rest[0] != (byte)';' && rest[0] != (byte)'?')
        {
            return false;
        }

        // user=phone turns the URI into a tel URI in Kamailio: the user loses its ;params, and a
        // sips: URI's default port becomes 5060, because only the SIPS type maps to 5061.
        if (!rest.IsEmpty && HasUserPhone(rest))
        {
            var semicolon = user.IndexOf((byte)';');
            user = semicolon < 0 ? user : user[..semicolon];
            secure = false;
        }

        var isDefaultPort = ParsePort(port) == (secure ? 5061 : 5060);
        var hostKey = hasPort && !isDefaultPort ? uri[..(hostLength + 1 + port.Length)] : host;
        key = new SipUriKey(user, host, port, hostKey);
        return true;
    }

    /// <summary>The length of the scheme with its colon (<c>sip:</c> 4, <c>sips:</c> 5, <c>tel:</c> 4), or -1.</summary>
    private static int Scheme(ReadOnlySpan<byte> uri) =>
        StartsWithIgnoreCase(uri, "sip:"u8) || StartsWithIgnoreCase(uri, "tel:"u8) ? 4
        : StartsWithIgnoreCase(uri, "sips:"u8) ? 5
        : -1;

    private static bool TryParseTel(ReadOnlySpan<byte> number, out SipUriKey key)
    {
        var end = number.IndexOfAny(";?"u8);
        number = end < 0 ? number : number[..end];
        key = new SipUriKey(number, default, default, default);
        return !number.IsEmpty && number.IndexOfAny("@:"u8) < 0;
    }

    private static int HostLength(ReadOnlySpan<byte> hostAndRest)
    {
        if (hostAndRest.IsEmpty)
        {
            return 0;
        }

        if (hostAndRest[0] == (byte)'[')
        {
            var close = hostAndRest.IndexOfAny("]@;?"u8);
            return close > 1 && hostAndRest[close] == (byte)']' ? close + 1 : 0;
        }

        // One search both finds the end of the host and rejects bytes a host cannot hold.
        var end = hostAndRest.IndexOfAnyExcept(HostBytes);
        return end < 0 ? hostAndRest.Length
            : hostAndRest[end] is (byte)':' or (byte)';' or (byte)'?' ? end
            : 0;
    }

    private static bool HasUserPhone(ReadOnlySpan<byte> parametersAndHeaders)
    {
        var headers = parametersAndHeaders.IndexOf((byte)'?');
        var parameters = headers < 0 ? parametersAndHeaders : parametersAndHeaders[..headers];
        foreach (var range in parameters.Split((byte)';'))
        {
            var parameter = parameters[range];

            // Kamailio matches the name in any case but the value exactly.
            if (parameter.Length == 10 && StartsWithIgnoreCase(parameter, "user="u8) && parameter[5..].SequenceEqual("phone"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static int ParsePort(ReadOnlySpan<byte> digits)
    {
        var port = 0;
        foreach (var d in digits)
        {
            port = (port * 10) + (d - '0');
        }

        return port;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerPrefix)
    {
        if (value.Length < lowerPrefix.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            if ((value[i] | 0x20) != lowerPrefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
