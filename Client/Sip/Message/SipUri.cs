using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// A SIP, SIPS or tel URI (RFC 3261 §19.1, §25; RFC 3966) parsed in place: every part is a span of
/// the input, nothing is unescaped or copied. <see cref="TryParse"/> never throws.
/// </summary>
internal readonly ref struct SipUri
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly SipRange _user;
    private readonly SipRange _password;
    private readonly SipRange _host;
    private readonly SipRange _parameters;
    private readonly SipRange _headers;

    private SipUri(ReadOnlySpan<byte> span, SipUriScheme scheme, SipRange user, SipRange password, SipRange host,
        SipHostKind hostKind, int port, SipRange parameters, SipRange headers)
    {
        _span = span;
        Scheme = scheme;
        _user = user;
        _password = password;
        _host = host;
        HostKind = hostKind;
        Port = port;
        _parameters = parameters;
        _headers = headers;
    }

    public ReadOnlySpan<byte> Span => _span;

    public SipUriScheme Scheme { get; }

    /// <summary>The user part, still %-escaped; for tel URIs, the number.</summary>
    public ReadOnlySpan<byte> User => _user.Of(_span);

    public bool HasUser => _user.IsPresent;

    public ReadOnlySpan<byte> Password => _password.Of(_span);

    /// <summary>Host name or IPv4 address; an IPv6 reference keeps its brackets. Empty for tel URIs.</summary>
    public ReadOnlySpan<byte> Host => _host.Of(_span);

    public SipHostKind HostKind { get; }

    /// <summary>The port, or 0 when the URI has none (the transport's default applies).</summary>
    public int Port { get; }

    public bool HasPort => Port > 0;

    /// <summary>The uri-parameters after the host (or tel number), without the leading ';'.</summary>
    public ReadOnlySpan<byte> Parameters => _parameters.Of(_span);

    /// <summary>The headers component after '?', without the '?'.</summary>
    public ReadOnlySpan<byte> Headers => _headers.Of(_span);

    public bool HasHeaders => _headers.IsPresent;

    /// <summary>The <c>transport</c> parameter, or empty.</summary>
    public ReadOnlySpan<byte> Transport => GetParameter("transport"u8);

    public ReadOnlySpan<byte> Maddr => GetParameter("maddr"u8);

    /// <summary>True when the URI carries <c>lr</c>: the element is a loose router (RFC 3261 §16.4).</summary>
    public bool IsLooseRouter => HasParameter("lr"u8);

    public SipParameterEnumerator GetParameters() => new(Parameters);

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (SipParameterEnumerator.TryFind(Parameters, name, out var p))
        {
            value = p.Value;
            return true;
        }

        value = default;
        return false;
    }

    public bool HasParameter(ReadOnlySpan<byte> name) => SipParameterEnumerator.TryFind(Parameters, name, out _);

    public override string ToString() => Encoding.UTF8.GetString(_span);

    /// <summary>True when <paramref name="span"/> starts with a scheme SipUri parses (sip, sips, tel).</summary>
    public static bool IsSupportedScheme(ReadOnlySpan<byte> span)
        => TryReadScheme(span, out var scheme, out _) && scheme is not null;

    public static bool TryParse(ReadOnlySpan<byte> span, out SipUri uri)
    {
        uri = default;
        if (!TryReadScheme(span, out var scheme, out var pos) || scheme is null)
        {
            return false;
        }

        return scheme == SipUriScheme.Tel
            ? TryParseTel(span, pos, out uri)
            : TryParseSip(span, scheme.Value, pos, out uri);
    }

    /// <summary>
    /// Checks RFC 3261 absoluteURI syntax for schemes this type does not parse:
    /// scheme ":" 1*( unreserved / reserved / escaped ).
    /// </summary>
    public static bool IsValidAbsoluteUri(ReadOnlySpan<byte> span)
    {
        if (!TryReadScheme(span, out _, out var pos) || pos >= span.Length)
        {
            return false;
        }

        return SipSyntax.IsEscapedRun(span[pos..], SipSyntax.Unreserved | SipSyntax.Reserved);
    }

    private static bool TryReadScheme(ReadOnlySpan<byte> span, out SipUriScheme? scheme, out int afterColon)
    {
        scheme = null;
        afterColon = 0;
        if (span.IsEmpty || !SipSyntax.IsAlpha(span[0]))
        {
            return false;
        }

        var i = 1;
        while (i < span.Length && SipSyntax.IsSchemeChar(span[i]))
        {
            i++;
        }

        if (i >= span.Length || span[i] != ':')
        {
            return false;
        }

        var name = span[..i];
        if (Ascii.EqualsIgnoreCase(name, "sip"u8))
        {
            scheme = SipUriScheme.Sip;
        }
        else if (Ascii.EqualsIgnoreCase(name, "sips"u8))
        {
            scheme = SipUriScheme.Sips;
        }
        else if (Ascii.EqualsIgnoreCase(name, "tel"u8))
        {
            scheme = SipUriScheme.Tel;
        }

        afterColon = i + 1;
        return true;
    }

    private static bool TryParseSip(ReadOnlySpan<byte> span, SipUriScheme scheme, int pos, out SipUri uri)
    {
        uri = default;
        var user = SipRange.None;
        var password = SipRange.None;

        // '@' cannot appear unescaped in a user, password, parameter or header, so the first one ends the userinfo.
        var at = span[pos..].IndexOf((byte)'@');
        if (at >= 0)
        {
            var userinfo = span.Slice(pos, at);
            var colon = userinfo.IndexOf((byte)':');
            var userPart = colon < 0 ? userinfo : userinfo[..colon];
            if (userPart.IsEmpty || !SipSyntax.IsEscapedRun(userPart, SipSyntax.User))
            {
                return false;
            }

            user = new SipRange(pos, userPart.Length);
            if (colon >= 0)
            {
                var pass = userinfo[(colon + 1)..];
                if (!SipSyntax.IsEscapedRun(pass, SipSyntax.Password))
                {
                    return false;
                }

                password = new SipRange(pos + colon + 1, pass.Length);
            }

            pos += at + 1;
        }

        if (!TryReadHost(span, ref pos, out var host, out var hostKind))
        {
            return false;
        }

        var port = 0;
        if (pos < span.Length && span[pos] == ':')
        {
            var start = ++pos;
            while (pos < span.Length && SipSyntax.IsDigit(span[pos]))
            {
                pos++;
            }

            if (pos == start || pos - start > 5 || !SipSyntax.TryParseInt32(span[start..pos], out port) || port is 0 or > 65535)
            {
                return false;
            }
        }

        if (!TryReadParametersAndHeaders(span, pos, out var parameters, out var headers))
        {
            return false;
        }

        uri = new SipUri(span, scheme, user, password, host, hostKind, port, parameters, headers);
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<byte> span, int pos, out SipUri uri)
    {
        uri = default;
        var start = pos;
        while (pos < span.Length && span[pos] is not (byte)';' and not (byte)'?')
        {
            var c = span[pos];
            if (!(SipSyntax.IsHexDigit(c) || c is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'(' or (byte)')'
                    or (byte)'*' or (byte)'#' or (byte)'p' or (byte)'w' or (byte)'P' or (byte)'W'))
            {
                return false;
            }

            pos++;
        }

        if (pos == start || !TryReadParametersAndHeaders(span, pos, out var parameters, out var headers))
        {
            return false;
        }

        uri = new SipUri(span, SipUriScheme.Tel, new SipRange(start, pos - start), SipRange.None, SipRange.None,
            SipHostKind.None, 0, parameters, headers);
        return true;
    }

    private static bool TryReadHost(ReadOnlySpan<byte> span, ref int pos, out SipRange host, out SipHostKind kind)
    {
        host = SipRange.None;
        kind = SipHostKind.None;
        var start = pos;
        if (pos < span.Length && span[pos] == '[')
        {
            var close = span[pos..].IndexOf((byte)']');
            if (close < 3)
            {
                return false;
            }

            foreach (var c in span.Slice(pos + 1, close - 1))
            {
                if (!(SipSyntax.IsHexDigit(c) || c is (byte)':' or (byte)'.'))
                {
                    return false;
                }
            }

            pos += close + 1;
            host = new SipRange(start, pos - start);
            kind = SipHostKind.IPv6;
            return true;
        }

        while (pos < span.Length && SipSyntax.IsHostChar(span[pos]))
        {
            pos++;
        }

        var name = span[start..pos];
        kind = ClassifyHost(name);
        if (kind == SipHostKind.None)
        {
            return false;
        }

        host = new SipRange(start, pos - start);
        return true;
    }

    /// <summary>IPv4 when it is four decimal octets, a host name when its labels are well formed, else None.</summary>
    internal static SipHostKind ClassifyHost(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return SipHostKind.None;
        }

        var trimmed = name[^1] == '.' ? name[..^1] : name;
        if (trimmed.IsEmpty)
        {
            return SipHostKind.None;
        }

        var lastDot = trimmed.LastIndexOf((byte)'.');
        var topLabel = trimmed[(lastDot + 1)..];
        if (!topLabel.IsEmpty && SipSyntax.IsDigit(topLabel[0]))
        {
            return IsIPv4(name) ? SipHostKind.IPv4 : SipHostKind.None;
        }

        var labelStart = 0;
        for (var i = 0; i <= trimmed.Length; i++)
        {
            if (i < trimmed.Length && trimmed[i] != '.')
            {
                continue;
            }

            var label = trimmed[labelStart..i];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-')
            {
                return SipHostKind.None;
            }

            labelStart = i + 1;
        }

        return SipHostKind.Name;
    }

    internal static bool IsIPv4(ReadOnlySpan<byte> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < s.Length && SipSyntax.IsDigit(s[i]))
            {
                i++;
            }

            if (i == start || i - start > 3 || !SipSyntax.TryParseInt32(s[start..i], out var octet) || octet > 255)
            {
                return false;
            }

            parts++;
            if (i == s.Length)
            {
                return parts == 4;
            }

            if (s[i] != '.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    private static bool TryReadParametersAndHeaders(ReadOnlySpan<byte> span, int pos, out SipRange parameters, out SipRange headers)
    {
        parameters = SipRange.None;
        headers = SipRange.None;
        if (pos < span.Length && span[pos] == ';')
        {
            var start = pos + 1;
            var end = span[start..].IndexOf((byte)'?');
            end = end < 0 ? span.Length : start + end;
            if (!AreUriParameters(span[start..end]))
            {
                return false;
            }

            parameters = new SipRange(start, end - start);
            pos = end;
        }

        if (pos < span.Length && span[pos] == '?')
        {
            var start = pos + 1;
            if (!AreUriHeaders(span[start..]))
            {
                return false;
            }

            headers = new SipRange(start, span.Length - start);
            pos = span.Length;
        }

        return pos == span.Length;
    }

    private static bool AreUriParameters(ReadOnlySpan<byte> s)
    {
        foreach (var range in s.Split((byte)';'))
        {
            var p = s[range];
            var eq = p.IndexOf((byte)'=');
            var name = eq < 0 ? p : p[..eq];
            if (name.IsEmpty || !SipSyntax.IsEscapedRun(name, SipSyntax.Param))
            {
                return false;
            }

            if (eq >= 0)
            {
                var value = p[(eq + 1)..];
                if (value.IsEmpty || !SipSyntax.IsEscapedRun(value, SipSyntax.Param))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool AreUriHeaders(ReadOnlySpan<byte> s)
    {
        foreach (var range in s.Split((byte)'&'))
        {
            var h = s[range];
            var eq = h.IndexOf((byte)'=');
            if (eq <= 0 || !SipSyntax.IsEscapedRun(h[..eq], SipSyntax.HeaderChar)
                || !SipSyntax.IsEscapedRun(h[(eq + 1)..], SipSyntax.HeaderChar))
            {
                return false;
            }
        }

        return true;
    }

    private ReadOnlySpan<byte> GetParameter(ReadOnlySpan<byte> name)
        => SipParameterEnumerator.TryFind(Parameters, name, out var p) ? p.Value : default;
}
