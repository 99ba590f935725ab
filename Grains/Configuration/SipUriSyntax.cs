using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// A plausibility check of a destination URI, strict enough to catch the typos that Kamailio
/// would only report at start-up (or not at all): scheme <c>sip</c> or <c>sips</c>, an
/// optional user, a host (name, IPv4, or IPv6 in brackets), an optional port 1..65535, then
/// parameters and headers, which are not inspected. It does not resolve names.
/// </summary>
internal static class SipUriSyntax
{
    /// <summary>
    /// Checks a destination as written in a list, adding <c>sip:</c> when it names no scheme
    /// (Kamailio's <c>pack_dest</c> does the same). Returns null and the normalised URI when
    /// plausible, or why not.
    /// </summary>
    public static string? Check(string written, out string uri)
    {
        uri = Destination.NormalizeUri(written);
        var foreign = ForeignScheme(written);
        if (foreign is not null)
        {
            return $"'{written}' has scheme '{foreign}'; only sip and sips destinations can be dispatched to";
        }

        var rest = uri[(uri.IndexOf(':') + 1)..];
        var end = rest.IndexOfAny([';', '?']);
        var at = rest.IndexOf('@');
        if (at >= 0 && (end < 0 || at < end))
        {
            if (at == 0)
            {
                return $"'{written}' has an empty user before '@'";
            }

            rest = rest[(at + 1)..];
            end = rest.IndexOfAny([';', '?']);
        }

        var hostPort = end < 0 ? rest : rest[..end];
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return $"'{written}' opens an IPv6 address with '[' but never closes it";
            }

            host = hostPort[1..close];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"'{written}' has '[{host}]', which is not an IPv6 address";
            }

            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return $"'{written}' has '{after}' after the IPv6 address; expected ':port'";
                }

                port = after[1..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            if (colon >= 0 && hostPort.IndexOf(':', colon + 1) >= 0)
            {
                return $"'{written}' looks like a bare IPv6 address; write it in brackets, e.g. sip:[2001:db8::1]:5060";
            }

            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
            if (host.Length == 0)
            {
                return $"'{written}' has no host";
            }

            var hostError = CheckHostName(host);
            if (hostError is not null)
            {
                return $"'{written}': {hostError}";
            }
        }

        if (port is not null
            && !(int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535))
        {
            return $"'{written}' has port '{port}'; a port is a number from 1 to 65535";
        }

        return null;
    }

    /// <summary>
    /// The scheme of a URI that names one other than sip/sips (<c>tel:+1...</c>, <c>http://</c>),
    /// or null. <c>host:5060</c> is a host and a port, not a scheme.
    /// </summary>
    private static string? ForeignScheme(string written)
    {
        var colon = written.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(written[0]))
        {
            return null;
        }

        var scheme = written[..colon];
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return colon + 1 < written.Length && char.IsAsciiDigit(written[colon + 1]) ? null : scheme;
    }

    private static string? CheckHostName(string host)
    {
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return $"host '{host}' has the character '{c}'";
            }
        }

        if (host.StartsWith('.') || host.Contains("..", StringComparison.Ordinal))
        {
            return $"host '{host}' has an empty label";
        }

        // All-numeric labels mean the writer meant an IPv4 address: 10.0.0.256 is a typo, not a name.
        var labels = host.TrimEnd('.').Split('.');
        if (labels.All(l => l.All(char.IsAsciiDigit))
            && (labels.Length != 4 || labels.Any(l => l.Length > 3 || int.Parse(l, CultureInfo.InvariantCulture) > 255)))
        {
            return $"host '{host}' is not a valid IPv4 address";
        }

        return null;
    }
}
