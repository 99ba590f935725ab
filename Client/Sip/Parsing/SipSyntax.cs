namespace OrleansLB.Client.Sip.Parsing;

/// <summary>
/// Character classes and small scanners from the RFC 3261 §25 grammar, shared by the message,
/// URI, Via and address parsers. Every scanner works on a span and reports by return value.
/// </summary>
internal static class SipSyntax
{
    public const ushort Token = 1;
    public const ushort Word = 2;
    public const ushort Unreserved = 4;
    public const ushort User = 8;
    public const ushort Password = 16;
    public const ushort Param = 32;
    public const ushort HeaderChar = 64;
    public const ushort Reserved = 128;
    public const ushort Host = 256;
    public const ushort Scheme = 512;

    private static readonly ushort[] Classes = BuildClasses();

    public static bool IsToken(byte c) => (Classes[c] & Token) != 0;

    public static bool IsWordChar(byte c) => (Classes[c] & Word) != 0;

    public static bool IsUserChar(byte c) => (Classes[c] & User) != 0;

    public static bool IsPasswordChar(byte c) => (Classes[c] & Password) != 0;

    public static bool IsParamChar(byte c) => (Classes[c] & Param) != 0;

    public static bool IsUriHeaderChar(byte c) => (Classes[c] & HeaderChar) != 0;

    public static bool IsUriChar(byte c) => (Classes[c] & (Unreserved | Reserved)) != 0;

    public static bool IsHostChar(byte c) => (Classes[c] & Host) != 0;

    public static bool IsSchemeChar(byte c) => (Classes[c] & Scheme) != 0;

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static bool IsAlpha(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsHexDigit(byte c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>SP or HTAB: the in-line whitespace of a header line.</summary>
    public static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t';

    /// <summary>Linear whitespace, including the CR LF of a folded line (values keep folding as received).</summary>
    public static bool IsLws(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsTokenSpan(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsToken(c))
            {
                return false;
            }
        }

        return true;
    }

    public static int SkipLws(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsLws(s[i]))
        {
            i++;
        }

        return i;
    }

    public static int SkipToken(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsToken(s[i]))
        {
            i++;
        }

        return i;
    }

    public static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsLws(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>Start and length of <paramref name="s"/> without leading and trailing LWS.</summary>
    public static (int Start, int Length) TrimLwsRange(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsLws(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    /// <summary>
    /// Index just past the closing quote of the quoted-string that opens at <paramref name="i"/>,
    /// or -1 when it is unterminated. A quoted-pair may escape any octet but CR and LF.
    /// </summary>
    public static int SkipQuotedString(ReadOnlySpan<byte> s, int i)
    {
        for (i++; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '\\')
            {
                if (i + 1 >= s.Length || s[i + 1] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }

                i++;
            }
        }

        return -1;
    }

    /// <summary>
    /// Index of the next top-level comma from <paramref name="i"/>: commas inside quoted strings and,
    /// when <paramref name="angleAware"/>, inside &lt;...&gt; do not separate values. Returns the
    /// span length when there is none, or -1 on an unterminated quote or bracket.
    /// </summary>
    public static int IndexOfListSeparator(ReadOnlySpan<byte> s, int i, bool angleAware)
    {
        var inAngle = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"' && !inAngle)
            {
                i = SkipQuotedString(s, i);
                if (i < 0)
                {
                    return -1;
                }

                continue;
            }

            if (angleAware)
            {
                if (c == '<')
                {
                    inAngle = true;
                }
                else if (c == '>')
                {
                    inAngle = false;
                }
            }

            if (c == ',' && !inAngle)
            {
                return i;
            }

            i++;
        }

        return inAngle ? -1 : s.Length;
    }

    /// <summary>Parses 1*DIGIT (leading zeros allowed) that fits in 32 unsigned bits.</summary>
    public static bool TryParseUInt32(ReadOnlySpan<byte> s, out uint value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        ulong v = 0;
        foreach (var c in s)
        {
            if (!IsDigit(c))
            {
                return false;
            }

            v = (v * 10) + (uint)(c - '0');
            if (v > uint.MaxValue)
            {
                return false;
            }
        }

        value = (uint)v;
        return true;
    }

    /// <summary>Parses 1*DIGIT into a non-negative int; false on any other octet or on overflow.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseUInt32(s, out var v) && v <= int.MaxValue)
        {
            value = (int)v;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Checks that every octet is in one of the <paramref name="allowed"/> classes or starts a %HH escape.
    /// </summary>
    public static bool IsEscapedRun(ReadOnlySpan<byte> s, ushort allowed)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHexDigit(s[i + 1]) || !IsHexDigit(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if ((Classes[c] & allowed) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static ushort[] BuildClasses()
    {
        var t = new ushort[256];
        for (var c = 0; c < 256; c++)
        {
            var b = (byte)c;
            if (IsAlpha(b) || IsDigit(b))
            {
                t[c] |= Token | Word | Unreserved | User | Password | Param | HeaderChar | Host | Scheme;
            }
        }

        Mark("-.!%*_+`'~", Token);
        Mark("-.!%*_+`'~()<>:\\\"/[]?{}", Word);
        Mark("-_.!~*'()", Unreserved | User | Password | Param | HeaderChar);
        Mark("&=+$,;?/", User);
        Mark("&=+$,", Password);
        Mark("[]/:&+$", Param);
        Mark("[]/?:+$", HeaderChar);
        Mark(";/?:@&=+$,", Reserved);
        Mark("-.", Host);
        Mark("+-.", Scheme);
        return t;

        void Mark(string chars, ushort flag)
        {
            foreach (var ch in chars)
            {
                t[ch] |= flag;
            }
        }
    }
}
