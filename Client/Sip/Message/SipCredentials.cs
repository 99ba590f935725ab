using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// Reads Authorization / Proxy-Authorization values (RFC 3261 §20.7, §25):
/// <c>scheme LWS auth-param *(COMMA auth-param)</c>, auth-param = token EQUAL ( token / quoted-string ).
/// </summary>
internal static class SipCredentials
{
    /// <summary>The scheme token (e.g. <c>Digest</c>).</summary>
    public static ReadOnlySpan<byte> GetScheme(ReadOnlySpan<byte> value)
    {
        var start = SipSyntax.SkipLws(value, 0);
        return value[start..SipSyntax.SkipToken(value, start)];
    }

    /// <summary>
    /// Finds an auth-param by case-insensitive name; a quoted value is returned without its quotes
    /// (quoted-pairs are left as written, which never matters for usernames made of token characters).
    /// </summary>
    public static bool TryGetParameter(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> result)
    {
        result = default;
        var pos = SipSyntax.SkipToken(value, SipSyntax.SkipLws(value, 0));
        while (pos < value.Length)
        {
            pos = SipSyntax.SkipLws(value, pos);
            var nameStart = pos;
            pos = SipSyntax.SkipToken(value, pos);
            var paramName = value[nameStart..pos];
            pos = SipSyntax.SkipLws(value, pos);
            if (paramName.IsEmpty || pos >= value.Length || value[pos] != '=')
            {
                return false;
            }

            pos = SipSyntax.SkipLws(value, pos + 1);
            ReadOnlySpan<byte> paramValue;
            if (pos < value.Length && value[pos] == '"')
            {
                var close = SipSyntax.SkipQuotedString(value, pos);
                if (close < 0)
                {
                    return false;
                }

                paramValue = value[(pos + 1)..(close - 1)];
                pos = close;
            }
            else
            {
                var start = pos;
                pos = SipSyntax.SkipToken(value, pos);
                paramValue = value[start..pos];
            }

            if (Ascii.EqualsIgnoreCase(paramName, name))
            {
                result = paramValue;
                return true;
            }

            pos = SipSyntax.SkipLws(value, pos);
            if (pos < value.Length && value[pos] != ',')
            {
                return false;
            }

            pos++;
        }

        return false;
    }

    public static bool TryGetUsername(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> username)
        => TryGetParameter(value, "username"u8, out username);
}
