using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Routing;

/// <summary>
/// Checks <see cref="RoutingOptions"/> and builds the <see cref="RoutingTable"/>. Every mistake is
/// reported, each starting with its key (<c>Routing:Rules:1:Source:0</c>) and saying how to fix it.
/// Set ids are not checked against the dispatcher list here: <see cref="RoutingTable.SetIds"/> is for that.
/// </summary>
internal static class RoutingTableBuilder
{
    /// <summary>How long one pattern may run on one value: far beyond what a sane pattern needs on a user part or a header.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private const string RulesKey = RoutingOptions.SectionName + ":" + nameof(RoutingOptions.Rules);

    private static readonly string[] StandardMethods =
        ["INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];

    private static readonly string AlgorithmList =
        string.Join(", ", DispatcherAlgorithmNames.All.Select(a => $"{(int)a.Algorithm} {a.Name}"));

    public static RoutingTableResult Build(RoutingOptions options)
    {
        var errors = new List<string>();
        var noMatch = NoMatch(options, errors);
        if (options.Rules.Count == 0)
        {
            errors.Add($"{RulesKey}: no rules, so every request would be refused; add one, such as {RulesKey}:0:Name = invites, {RulesKey}:0:Methods:0 = INVITE, {RulesKey}:0:SetId = 1");
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rules = new List<RoutingRule>();
        int? matchesAll = null;
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var key = $"{RulesKey}:{i}";
            var rule = options.Rules[i] ?? new RoutingRuleOptions();
            if (matchesAll is { } first)
            {
                errors.Add($"{key}: never tried, because {RulesKey}:{first} has no condition and matches every request first; move this rule above it or give that one a condition");
            }
            else if (!HasCondition(rule))
            {
                matchesAll = i;
            }

            if (Rule(rule, key, i, names, errors) is { } built)
            {
                rules.Add(built);
            }
        }

        return errors.Count == 0 ? new(new RoutingTable(rules, noMatch), []) : new(null, errors);
    }

    private static RoutingRule? Rule(RoutingRuleOptions o, string key, int index, Dictionary<string, int> names, List<string> errors)
    {
        var before = errors.Count;
        var name = Given(o.Name)?.Trim();
        if (name is null)
        {
            errors.Add($"{key}:Name: missing; give every rule a unique name, such as carriers-inbound (logs and metrics show it)");
        }
        else if (!names.TryAdd(name, index))
        {
            errors.Add($"{key}:Name: '{name}' is already the name of {RulesKey}:{names[name]}; rule names must be unique (ignoring case)");
        }

        var methods = Methods(o.Methods, key, errors);
        var sources = Sources(o.Source, key, errors);
        var userPattern = Pattern(o.RequestUriUserPattern, $"{key}:{nameof(o.RequestUriUserPattern)}", errors);
        var header = Header(o, key, errors);
        var action = Action(o, key, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new RoutingRule(name!, action!)
        {
            Methods = methods,
            Sources = sources,
            RequestUriUserPrefix = Given(o.RequestUriUserPrefix),
            RequestUriUserPattern = userPattern,
            Header = header,
        };
    }

    private static bool HasCondition(RoutingRuleOptions o) =>
        o.Methods is { Count: > 0 } || o.Source is { Count: > 0 } || Given(o.RequestUriUserPrefix) is not null
        || Given(o.RequestUriUserPattern) is not null || Given(o.Header) is not null;

    private static ImmutableArray<string> Methods(IReadOnlyList<string?>? items, string key, List<string> errors)
    {
        var methods = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var method = items![i] ?? string.Empty;
            var itemKey = $"{key}:Methods:{i}";
            var standard = Array.Find(StandardMethods, s => s.Equals(method, StringComparison.OrdinalIgnoreCase));
            if (!IsToken(method))
            {
                errors.Add($"{itemKey}: '{method}' is not a SIP method; write it as requests carry it, such as INVITE");
            }
            else if (standard is not null && standard != method)
            {
                errors.Add($"{itemKey}: '{method}' would never match {standard}: SIP methods are case-sensitive (RFC 3261 §7.1); write {standard}");
            }
            else if (method is "ACK" or "CANCEL")
            {
                errors.Add($"{itemKey}: '{method}' is not routed by rules: an ACK or CANCEL follows its INVITE's transaction; remove it");
            }
            else if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        return methods.ToImmutable();
    }

    private static ImmutableArray<SourceNetwork> Sources(IReadOnlyList<string?>? items, string key, List<string> errors)
    {
        var sources = ImmutableArray.CreateBuilder<SourceNetwork>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            if (SourceNetwork.TryParse(items![i], out var network, out var problem))
            {
                sources.Add(network);
            }
            else
            {
                errors.Add($"{key}:Source:{i}: {problem}");
            }
        }

        return sources.ToImmutable();
    }

    private static HeaderCondition? Header(RoutingRuleOptions o, string key, List<string> errors)
    {
        var name = Given(o.Header);
        var value = Given(o.HeaderValue);
        var pattern = Given(o.HeaderPattern);
        if (name is null)
        {
            if (value is not null || pattern is not null)
            {
                errors.Add($"{key}:Header: missing; HeaderValue and HeaderPattern test the header it names, such as X-Carrier or Subject");
            }

            return null;
        }

        if (!IsToken(name))
        {
            errors.Add($"{key}:Header: '{name}' is not a header name; write it as in a message, such as Subject, s or X-Carrier");
        }

        if (value is not null && pattern is not null)
        {
            errors.Add($"{key}: give either HeaderValue (exact) or HeaderPattern (regular expression), not both");
        }
        else if (value is null && pattern is null)
        {
            errors.Add($"{key}: Header needs HeaderValue (exact) or HeaderPattern (regular expression); HeaderPattern '^' accepts any value of a present header");
        }

        var regex = Pattern(pattern, $"{key}:HeaderPattern", errors);
        return new HeaderCondition(SipCompactHeaderNames.Canonicalize(name), value, regex);
    }

    private static Regex? Pattern(string? text, string key, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return new Regex(text, RegexOptions.CultureInvariant | RegexOptions.Compiled, PatternTimeout);
        }
        catch (ArgumentException e)
        {
            errors.Add($"{key}: '{text}' is not a valid .NET regular expression: {e.Message}");
            return null;
        }
    }

    private static RoutingAction? Action(RoutingRuleOptions o, string key, List<string> errors)
    {
        var setId = Given(o.SetId);
        var rejectCode = Given(o.RejectCode);
        if (setId is not null && rejectCode is not null)
        {
            errors.Add($"{key}: give either SetId (dispatch) or RejectCode (reject), not both");
            return null;
        }

        if (setId is null && rejectCode is null)
        {
            errors.Add($"{key}: no action; give SetId (send to that dispatcher set) or RejectCode with RejectReason (answer with that response)");
            return null;
        }

        return setId is not null ? Dispatch(o, setId, key, errors) : Reject(o, rejectCode!, key, errors);
    }

    private static DispatchAction? Dispatch(RoutingRuleOptions o, string setIdText, string key, List<string> errors)
    {
        var before = errors.Count;
        if (Given(o.RejectReason) is not null)
        {
            errors.Add($"{key}:RejectReason: only for a reject rule (RejectCode); remove it");
        }

        if (!int.TryParse(setIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var setId))
        {
            errors.Add($"{key}:SetId: '{setIdText}' is not a set id; give a whole number, 0 or more, as in the first column of dispatcher.list");
        }

        var algorithm = DispatcherAlgorithm.RoundRobin;
        if (Given(o.Algorithm) is { } algorithmText && !DispatcherAlgorithmNames.TryParse(algorithmText, out algorithm))
        {
            errors.Add($"{key}:Algorithm: '{algorithmText}' is not a dispatcher algorithm; give a number or name: {AlgorithmList}");
        }

        int? limit = null;
        if (Given(o.Limit) is { } limitText)
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                limit = value == 0 ? null : value;
            }
            else
            {
                errors.Add($"{key}:Limit: '{limitText}' is not a limit; give how many destinations a request may try, the first included (1 turns failover off; 0 means all, as in Kamailio)");
            }
        }

        var failoverCodes = ResponseCodeSet.DefaultFailover;
        if (o.FailoverCodes is { Count: > 0 } codes && !ResponseCodeSet.TryParse(codes, out failoverCodes, out var problems))
        {
            errors.AddRange(problems.Select(p => $"{key}:FailoverCodes:{p.Index}: {p.Problem}"));
        }

        var failoverOnTimeout = true;
        if (Given(o.FailoverOnTimeout) is { } timeoutText && !bool.TryParse(timeoutText, out failoverOnTimeout))
        {
            errors.Add($"{key}:FailoverOnTimeout: '{timeoutText}' is not true or false");
        }

        return errors.Count > before
            ? null
            : new DispatchAction(setId, algorithm) { Limit = limit, FailoverCodes = failoverCodes, FailoverOnTimeout = failoverOnTimeout };
    }

    private static RejectAction? Reject(RoutingRuleOptions o, string codeText, string key, List<string> errors)
    {
        foreach (var (name, given) in (ReadOnlySpan<(string, bool)>)
                 [
                     (nameof(o.Algorithm), Given(o.Algorithm) is not null),
                     (nameof(o.Limit), Given(o.Limit) is not null),
                     (nameof(o.FailoverCodes), o.FailoverCodes is { Count: > 0 }),
                     (nameof(o.FailoverOnTimeout), Given(o.FailoverOnTimeout) is not null),
                 ])
        {
            if (given)
            {
                errors.Add($"{key}:{name}: only for a dispatch rule (SetId); remove it");
            }
        }

        return Reject(codeText, o.RejectReason, $"{key}:RejectCode", $"{key}:RejectReason", errors);
    }

    private static RejectAction NoMatch(RoutingOptions options, List<string> errors)
    {
        var code = Given(options.NoMatchCode);
        var reason = Given(options.NoMatchReason);
        if (code is null && reason is null)
        {
            return RejectAction.DefaultNoMatch;
        }

        const string Key = RoutingOptions.SectionName + ":";
        return Reject(code ?? "403", reason, Key + nameof(options.NoMatchCode), Key + nameof(options.NoMatchReason), errors)
            ?? RejectAction.DefaultNoMatch;
    }

    private static RejectAction? Reject(string codeText, string? reasonText, string codeKey, string reasonKey, List<string> errors)
    {
        var before = errors.Count;
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 300 or > 699)
        {
            errors.Add($"{codeKey}: '{codeText}' is not a final response code for a refusal; give 300 to 699, such as 404");
        }

        var reason = Given(reasonText)?.Trim();
        if (reason is null)
        {
            errors.Add($"{reasonKey}: missing; give the reason phrase sent with the code, such as Not Found for 404");
        }
        else if (reason.Any(char.IsControl))
        {
            errors.Add($"{reasonKey}: '{reason}' has a control character (such as a line break); a reason phrase is one line of text");
        }

        return errors.Count > before ? null : new RejectAction(code, reason!);
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    // RFC 3261 §25.1 token: what a method or a header name may be made of.
    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c));
}
