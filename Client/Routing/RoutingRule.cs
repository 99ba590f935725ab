using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace OrleansLB.Client.Routing;

/// <summary>
/// One routing rule: conditions that must all hold (an absent one holds for every request), and
/// the <see cref="Action"/> taken when they do. Built from configuration by <see cref="RoutingTableBuilder"/>.
/// </summary>
internal sealed record RoutingRule(string Name, RoutingAction Action)
{
    /// <summary>Methods, compared case-sensitively (RFC 3261 §7.1); empty for any method.</summary>
    public ImmutableArray<string> Methods { get; init; } = [];

    /// <summary>Networks the request's source address must be in (any of them); empty for any source.</summary>
    public ImmutableArray<SourceNetwork> Sources { get; init; } = [];

    /// <summary>What the Request-URI user must start with (ordinal), such as <c>+49</c>.</summary>
    public string? RequestUriUserPrefix { get; init; }

    /// <summary>A pattern that must find a match in the Request-URI user (anchor it with ^ and $ for a whole match).</summary>
    public Regex? RequestUriUserPattern { get; init; }

    public HeaderCondition? Header { get; init; }

    /// <summary>True when the rule has no condition and so matches every request.</summary>
    public bool MatchesAll =>
        Methods.IsEmpty && Sources.IsEmpty && RequestUriUserPrefix is null && RequestUriUserPattern is null && Header is null;

    /// <exception cref="RegexMatchTimeoutException">A pattern ran past its timeout.</exception>
    public bool Matches(in RoutingInput input)
    {
        if (!Methods.IsEmpty && !HasMethod(input.Method))
        {
            return false;
        }

        if (!Sources.IsEmpty && !HasSource(input.Source))
        {
            return false;
        }

        if (RequestUriUserPrefix is not null && !input.RequestUriUser.StartsWith(RequestUriUserPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        // Patterns last: they cost the most.
        return (Header is null || Header.Matches(input.Headers))
            && (RequestUriUserPattern is null || RequestUriUserPattern.IsMatch(input.RequestUriUser));
    }

    private bool HasMethod(ReadOnlySpan<char> method)
    {
        foreach (var candidate in Methods)
        {
            if (method.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasSource(SourceAddress source)
    {
        foreach (var network in Sources)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }
}
