using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace OrleansLB.Client.Routing;

/// <summary>
/// The edge's routing: rules tried in order, the first that matches decides. A request no rule
/// matches is answered with <see cref="NoMatch"/>, so the edge relays only what it was told to.
/// Immutable and safe to share between threads; a configuration change builds a new table.
/// </summary>
/// <remarks>
/// Only initial requests are routed here. In-dialog requests follow their Route set, and ACK and
/// CANCEL their INVITE transaction, as in the seeds' scripts before they reach the dispatcher.
/// </remarks>
internal sealed class RoutingTable
{
    public RoutingTable(IEnumerable<RoutingRule> rules, RejectAction? noMatch = null)
    {
        Rules = [.. rules];
        NoMatch = noMatch ?? RejectAction.DefaultNoMatch;
        SetIds = [.. Rules.Select(r => r.Action).OfType<DispatchAction>().Select(a => a.SetId).Distinct().Order()];
    }

    public ImmutableArray<RoutingRule> Rules { get; }

    /// <summary>The answer for a request no rule matches (<c>403 Forbidden</c> by default).</summary>
    public RejectAction NoMatch { get; }

    /// <summary>The dispatcher sets the rules send to, ascending: start-up checks that each exists.</summary>
    public ImmutableArray<int> SetIds { get; }

    /// <summary>The first rule that matches, or <see langword="null"/>: then answer with <see cref="NoMatch"/>.</summary>
    /// <exception cref="RegexMatchTimeoutException">
    /// A pattern ran past its timeout. The table does not skip to a later rule, which could relay
    /// what the slow rule meant to reject: the proxy answers 500 and logs the exception, which names the pattern.
    /// </exception>
    public RoutingRule? Match(in RoutingInput input)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(input))
            {
                return rule;
            }
        }

        return null;
    }
}
