using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// One Via value (via-parm, RFC 3261 §20.42, §25): sent-protocol, sent-by and parameters, parsed in
/// place. LWS (including folded line ends) is allowed wherever the grammar has SWS or LWS.
/// </summary>
internal readonly ref struct SipVia
{
    /// <summary>The RFC 3261 branch prefix that marks a globally unique transaction id (§8.1.1.7).</summary>
    public static ReadOnlySpan<byte> MagicCookie => "z9hG4bK"u8;

    private readonly ReadOnlySpan<byte> _span;
    private readonly SipRange _protocolName;
    private readonly SipRange _protocolVersion;
    private readonly SipRange _transport;
    private readonly SipRange _host;
    private readonly SipRange _parameters;
    private readonly SipRange _branch;
    private readonly SipRange _received;
    private readonly SipRange _rport;

    private SipVia(ReadOnlySpan<byte> span, SipRange protocolName, SipRange protocolVersion, SipRange transport,
        SipRange host, int port, SipRange parameters, SipRange branch, SipRange received, SipRange rport)
    {
        _span = span;
        _protocolName = protocolName;
        _protocolVersion = protocolVersion;
        _transport = transport;
        _host = host;
        Port = port;
        _parameters = parameters;
        _branch = branch;
        _received = received;
        _rport = rport;
    }

    public ReadOnlySpan<byte> Span => _span;

    public ReadOnlySpan<byte> ProtocolName => _protocolName.Of(_span);

    public ReadOnlySpan<byte> ProtocolVersion => _protocolVersion.Of(_span);

    /// <summary>The transport token as written (UDP, TCP, TLS, SCTP, WS, WSS or an extension).</summary>
    public ReadOnlySpan<byte> TransportName => _transport.Of(_span);

    public SipTransport Transport => ParseTransport(TransportName);

    /// <summary>The sent-by host; an IPv6 reference keeps its brackets.</summary>
    public ReadOnlySpan<byte> Host => _host.Of(_span);

    /// <summary>The sent-by port, or 0 when absent (the transport default applies).</summary>
    public int Port { get; }

    public bool HasPort => Port > 0;

    /// <summary>The via-params after sent-by, without the first ';'.</summary>
    public ReadOnlySpan<byte> Parameters => _parameters.Of(_span);

    internal SipRange ParametersRange => _parameters;

    public bool HasBranch => _branch.IsPresent;

    public ReadOnlySpan<byte> Branch => _branch.Of(_span);

    /// <summary>True when the branch starts with the RFC 3261 magic cookie (case-sensitive).</summary>
    public bool HasMagicCookie => Branch.StartsWith(MagicCookie);

    public bool HasReceived => _received.IsPresent;

    public ReadOnlySpan<byte> Received => _received.Of(_span);

    /// <summary>True when the Via has an <c>rport</c> parameter, with or without a value (RFC 3581).</summary>
    public bool HasRPort => _rport.IsPresent;

    /// <summary>The rport value, or 0 when the parameter is absent or has no value yet.</summary>
    public int RPort => SipSyntax.TryParseInt32(_rport.Of(_span), out var p) ? p : 0;

    public ReadOnlySpan<byte> Maddr => SipParameterEnumerator.TryFind(Parameters, "maddr"u8, out var p) ? p.Value : default;

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

    public override string ToString() => Encoding.UTF8.GetString(_span);

    public static SipTransport ParseTransport(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "WS"u8) => SipTransport.Ws,
        3 when Ascii.EqualsIgnoreCase(name, "UDP"u8) => SipTransport.Udp,
        3 when Ascii.EqualsIgnoreCase(name, "TCP"u8) => SipTransport.Tcp,
        3 when Ascii.EqualsIgnoreCase(name, "TLS"u8) => SipTransport.Tls,
        3 when Ascii.EqualsIgnoreCase(name, "WSS"u8) => SipTransport.Wss,
        4 when Ascii.EqualsIgnoreCase(name, "SCTP"u8) => SipTransport.Sctp,
        _ => SipTransport.Other,
    };

    /// <summary>Parses one via-parm; the span must hold exactly one value (split lists first).</summary>
    public static bool TryParse(ReadOnlySpan<byte> span, out SipVia via)
    {
        via = default;
        var pos = SipSyntax.SkipLws(span, 0);
        if (!ReadToken(span, ref pos, out var name) || !ReadSlash(span, ref pos)
            || !ReadToken(span, ref pos, out var version) || !ReadSlash(span, ref pos)
            || !ReadToken(span, ref pos, out var transport))
        {
            return false;
        }

        var beforeHost = pos;
        pos = SipSyntax.SkipLws(span, pos);
        if (pos == beforeHost || pos >= span.Length)
        {
            return false;
        }

        var hostStart = pos;
        if (span[pos] == '[')
        {
            var close = span[pos..].IndexOf((byte)']');
            if (close < 3)
            {
                return false;
            }

            pos += close + 1;
        }
        else
        {
            while (pos < span.Length && SipSyntax.IsHostChar(span[pos]))
            {
                pos++;
            }

            if (SipUri.ClassifyHost(span[hostStart..pos]) == SipHostKind.None)
            {
                return false;
            }
        }

        var host = new SipRange(hostStart, pos - hostStart);
        var port = 0;
        var afterHost = SipSyntax.SkipLws(span, pos);
        if (afterHost < span.Length && span[afterHost] == ':')
        {
            pos = SipSyntax.SkipLws(span, afterHost + 1);
            var start = pos;
            while (pos < span.Length && SipSyntax.IsDigit(span[pos]))
            {
                pos++;
            }

            if (pos == start || pos - start > 5 || !SipSyntax.TryParseInt32(span[start..pos], out port) || port is 0 or > 65535)
            {
                return false;
            }

            afterHost = SipSyntax.SkipLws(span, pos);
        }

        var parameters = SipRange.None;
        SipRange branch = SipRange.None, received = SipRange.None, rport = SipRange.None;
        pos = afterHost;
        if (pos < span.Length)
        {
            if (span[pos] != ';')
            {
                return false;
            }

            parameters = new SipRange(pos + 1, span.Length - pos - 1);
            while (pos < span.Length && span[pos] == ';')
            {
                pos = SipSyntax.SkipLws(span, pos + 1);
                if (!ReadParameter(span, ref pos, out var pName, out var pValue))
                {
                    return false;
                }

                var n = pName.Of(span);
                if (Ascii.EqualsIgnoreCase(n, "branch"u8))
                {
                    branch = pValue;
                }
                else if (Ascii.EqualsIgnoreCase(n, "received"u8))
                {
                    received = pValue;
                }
                else if (Ascii.EqualsIgnoreCase(n, "rport"u8))
                {
                    rport = pValue.IsPresent ? pValue : new SipRange(pName.End, 0);
                    if (pValue.IsPresent && !SipSyntax.TryParseInt32(pValue.Of(span), out _))
                    {
                        return false;
                    }
                }

                pos = SipSyntax.SkipLws(span, pos);
            }

            if (pos != span.Length)
            {
                return false;
            }
        }

        via = new SipVia(span, name, version, transport, host, port, parameters, branch, received, rport);
        return true;
    }

    private static bool ReadToken(ReadOnlySpan<byte> span, ref int pos, out SipRange token)
    {
        var start = pos;
        pos = SipSyntax.SkipToken(span, pos);
        token = new SipRange(start, pos - start);
        return pos > start;
    }

    private static bool ReadSlash(ReadOnlySpan<byte> span, ref int pos)
    {
        pos = SipSyntax.SkipLws(span, pos);
        if (pos >= span.Length || span[pos] != '/')
        {
            return false;
        }

        pos = SipSyntax.SkipLws(span, pos + 1);
        return true;
    }

    /// <summary>generic-param: token [ EQUAL gen-value ], gen-value = token / host / quoted-string.</summary>
    internal static bool ReadParameter(ReadOnlySpan<byte> span, ref int pos, out SipRange name, out SipRange value)
    {
        value = SipRange.None;
        if (!ReadToken(span, ref pos, out name))
        {
            return false;
        }

        var afterName = SipSyntax.SkipLws(span, pos);
        if (afterName >= span.Length || span[afterName] != '=')
        {
            return true;
        }

        pos = SipSyntax.SkipLws(span, afterName + 1);
        var start = pos;
        if (pos < span.Length && span[pos] == '"')
        {
            pos = SipSyntax.SkipQuotedString(span, pos);
            if (pos < 0)
            {
                return false;
            }
        }
        else
        {
            while (pos < span.Length && (SipSyntax.IsToken(span[pos]) || span[pos] is (byte)':' or (byte)'[' or (byte)']'))
            {
                pos++;
            }
        }

        value = new SipRange(start, pos - start);
        return pos > start;
    }
}
