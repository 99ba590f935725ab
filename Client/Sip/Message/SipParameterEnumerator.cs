using System.Text;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// Walks <c>name[=value]</c> parameters separated by ';' (SWS allowed around ';' and '=' in header
/// parameters, where a quoted-string value may itself hold ';'). Allocation-free; use with foreach.
/// </summary>
internal ref struct SipParameterEnumerator
{
    private readonly ReadOnlySpan<byte> _span;
    private int _next;
    private SipParameter _current;

    public SipParameterEnumerator(ReadOnlySpan<byte> span)
    {
        _span = span;
        _next = 0;
        _current = default;
    }

    public readonly SipParameter Current => _current;

    public readonly SipParameterEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_next < _span.Length)
        {
            var start = _next;
            var end = start;
            while (end < _span.Length && _span[end] != ';')
            {
                if (_span[end] == '"')
                {
                    var close = SipSyntax.SkipQuotedString(_span, end);
                    end = close < 0 ? _span.Length : close;
                    continue;
                }

                end++;
            }

            _next = end + 1;
            var (offset, length) = SipSyntax.TrimLwsRange(_span[start..end]);
            if (length == 0)
            {
                continue;
            }

            offset += start;
            var element = _span.Slice(offset, length);
            var eq = element.IndexOf((byte)'=');
            _current = eq < 0
                ? new SipParameter(element, default, false, offset, length)
                : new SipParameter(SipSyntax.TrimLws(element[..eq]), SipSyntax.TrimLws(element[(eq + 1)..]), true, offset, length);
            return true;
        }

        return false;
    }

    /// <summary>Finds a parameter by case-insensitive name (parameter names are case-insensitive).</summary>
    public static bool TryFind(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name, out SipParameter parameter)
    {
        foreach (var p in new SipParameterEnumerator(parameters))
        {
            if (Ascii.EqualsIgnoreCase(p.Name, name))
            {
                parameter = p;
                return true;
            }
        }

        parameter = default;
        return false;
    }
}
