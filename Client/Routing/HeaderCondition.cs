using System.Text.RegularExpressions;

namespace OrleansLB.Client.Routing;

/// <summary>
/// A rule's header test: the first header named <see cref="Name"/> (a full name) equals
/// <see cref="Value"/> exactly (ordinal, case-sensitive), or <see cref="Pattern"/> finds a match in it.
/// A request without the header does not match.
/// </summary>
internal sealed record HeaderCondition(string Name, string? Value, Regex? Pattern)
{
    public bool Matches(IRoutingHeaders? headers)
    {
        if (headers is null || !headers.TryGetValue(Name, out var value))
        {
            return false;
        }

        return Pattern?.IsMatch(value) ?? value.SequenceEqual(Value);
    }
}
