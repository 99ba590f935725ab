using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>String conversions, for the few callers that need a value to outlive the buffer.</summary>
internal static class SipText
{
    /// <summary>Decodes UTF-8 and replaces each folded line break (CRLF + whitespace) by one space.</summary>
    public static string ToString(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(value);
        }

        var builder = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var lineBreak = value[i..].IndexOfAny((byte)'\r', (byte)'\n');
            if (lineBreak < 0)
            {
                builder.Append(Encoding.UTF8.GetString(value[i..]));
                break;
            }

            builder.Append(Encoding.UTF8.GetString(value.Slice(i, lineBreak)).TrimEnd(' ', '\t')).Append(' ');
            i = SipSyntax.SkipLws(value, i + lineBreak);
        }

        return builder.ToString();
    }
}
