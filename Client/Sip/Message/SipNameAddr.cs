using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// One address value of From, To, Contact, Route, Record-Route and similar headers:
/// <c>( name-addr / addr-spec ) *( SEMI generic-param )</c> (RFC 3261 §20.10, §25), parsed in place.
/// </summary>
internal readonly ref struct SipNameAddr
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly SipRange _displayName;
    private readonly SipRange _uri;
    private readonly SipRange _parameters;
    private readonly SipRange _tag;

    private SipNameAddr(ReadOnlySpan<byte> span, SipRange displayName, SipRange uri, bool isNameAddr,
        bool isWildcard, SipRange parameters, SipRange tag)
    {
        _span = span;
        _displayName = displayName;
        _uri = uri;
        IsNameAddr = isNameAddr;
        IsWildcard = isWildcard;
        _parameters = parameters;
        _tag = tag;
    }

    public ReadOnlySpan<byte> Span => _span;

    /// <summary>The display name: a quoted string without its quotes (quoted-pairs kept), or the tokens as written.</summary>
    public ReadOnlySpan<byte> DisplayName => _displayName.Of(_span);

    public ReadOnlySpan<byte> Uri => _uri.Of(_span);

    internal SipRange UriRange => _uri;

    /// <summary>True for the &lt;...&gt; form; false for a bare addr-spec.</summary>
    public bool IsNameAddr { get; }

    /// <summary>True for the Contact value <c>*</c> (REGISTER removing all bindings).</summary>
    public bool IsWildcard { get; }

    /// <summary>The header parameters after the address, without the first ';'.</summary>
    public ReadOnlySpan<byte> Parameters => _parameters.Of(_span);

    public bool HasTag => _tag.IsPresent;

    public ReadOnlySpan<byte> Tag => _tag.Of(_span);

    internal SipRange TagRange => _tag;

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

    /// <summary>Parses the address URI when it is sip, sips or tel.</summary>
    public bool TryGetUri(out SipUri uri) => SipUri.TryParse(Uri, out uri);

    public override string ToString() => Encoding.UTF8.GetString(_span);

    /// <summary>Parses exactly one address value (split comma lists first). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> span, out SipNameAddr address)
    {
        address = default;
        var (start, length) = SipSyntax.TrimLwsRange(span);
        if (length == 0)
        {
            return false;
        }

        if (length == 1 && span[start] == '*')
        {
            address = new SipNameAddr(span, SipRange.None, SipRange.None, false, true, SipRange.None, SipRange.None);
            return true;
        }

        var end = start + length;
        var pos = start;
        var display = SipRange.None;
        var angle = -1;
        if (span[pos] == '"')
        {
            var close = SipSyntax.SkipQuotedString(span, pos);
            if (close < 0)
            {
                return false;
            }

            display = new SipRange(pos + 1, close - pos - 2);
            pos = SipSyntax.SkipLws(span, close);
            if (pos >= end || span[pos] != '<')
            {
                return false;
            }

            angle = pos;
        }
        else
        {
            // display-name = *(token LWS): tokens and LWS up to '<' make a name-addr; anything else is an addr-spec.
            var i = pos;
            while (i < end && (SipSyntax.IsToken(span[i]) || SipSyntax.IsLws(span[i])))
            {
                i++;
            }

            if (i < end && span[i] == '<')
            {
                angle = i;
                var name = SipSyntax.TrimLws(span[pos..i]);
                display = name.IsEmpty ? SipRange.None : new SipRange(pos + SipSyntax.SkipLws(span[pos..i], 0), name.Length);
            }
        }

        SipRange uri;
        if (angle >= 0)
        {
            var close = span[(angle + 1)..end].IndexOf((byte)'>');
            if (close <= 0)
            {
                return false;
            }

            uri = new SipRange(angle + 1, close);
            if (!IsValidUri(uri.Of(span), inAngles: true))
            {
                return false;
            }

            pos = SipSyntax.SkipLws(span, uri.End + 1);
        }
        else
        {
            var uriEnd = pos;
            while (uriEnd < end && span[uriEnd] != ';' && !SipSyntax.IsLws(span[uriEnd]))
            {
                uriEnd++;
            }

            uri = new SipRange(pos, uriEnd - pos);
            if (!IsValidUri(uri.Of(span), inAngles: false))
            {
                return false;
            }

            pos = SipSyntax.SkipLws(span, uriEnd);
        }

        var parameters = SipRange.None;
        var tag = SipRange.None;
        if (pos < end)
        {
            if (span[pos] != ';')
            {
                return false;
            }

            parameters = new SipRange(pos + 1, end - pos - 1);
            while (pos < end && span[pos] == ';')
            {
                pos = SipSyntax.SkipLws(span, pos + 1);
                if (!SipVia.ReadParameter(span[..end], ref pos, out var name, out var value))
                {
                    return false;
                }

                if (Ascii.EqualsIgnoreCase(name.Of(span), "tag"u8))
                {
                    tag = value.IsPresent ? value : new SipRange(name.End, 0);
                }

                pos = SipSyntax.SkipLws(span, pos);
            }

            if (pos < end)
            {
                return false;
            }
        }

        address = new SipNameAddr(span, display, uri, angle >= 0, false, parameters, tag);
        return true;
    }

    private static bool IsValidUri(ReadOnlySpan<byte> uri, bool inAngles)
    {
        if (SipUri.IsSupportedScheme(uri))
        {
            // Outside <> a URI may not carry headers: '?' would be ambiguous (RFC 3261 §20).
            return SipUri.TryParse(uri, out var parsed) && (inAngles || !parsed.HasHeaders);
        }

        return SipUri.IsValidAbsoluteUri(uri) && (inAngles || uri.IndexOfAny((byte)'?', (byte)',') < 0);
    }
}
