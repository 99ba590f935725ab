using System.Net;

namespace OrleansLB.Client.Routing;

public sealed class RoutingRuleTests
{
    [Theory]
    [InlineData("INVITE", true)]
    [InlineData("MESSAGE", true)]
    [InlineData("invite", false)]
    [InlineData("Invite", false)]
    [InlineData("REGISTER", false)]
    [InlineData("INVITEX", false)]
    [InlineData("", false)]
    public void Matches_Methods_CaseSensitive(string method, bool expected)
    {
        var rule = Rule(new() { Methods = ["INVITE", "MESSAGE"] });

        Assert.Equal(expected, Matches(rule, method: method));
    }

    [Fact]
    public void Matches_ExtensionMethod_ExactSpellingOnly()
    {
        var rule = Rule(new() { Methods = ["X-Ping"] });

        Assert.True(Matches(rule, method: "X-Ping"));
        Assert.False(Matches(rule, method: "X-PING"));
    }

    [Theory]
    [InlineData("198.51.100.5", true)]
    [InlineData("198.51.100.6", false)]
    [InlineData("203.0.113.77", true)]
    [InlineData("::ffff:203.0.113.77", true)]
    [InlineData("203.0.114.1", false)]
    [InlineData("2001:db8:1::5", true)]
    [InlineData("2001:db9::5", false)]
    public void Matches_Source_AnyListedNetwork(string source, bool expected)
    {
        var rule = Rule(new() { Source = ["198.51.100.5", "203.0.113.0/24", "2001:db8::/32"] });

        Assert.Equal(expected, Matches(rule, source: source));
    }

    [Theory]
    [InlineData("+4930123456", true)]
    [InlineData("+49", true)]
    [InlineData("+4", false)]
    [InlineData("4930123456", false)]
    [InlineData("", false)]
    public void Matches_UserPrefix_StartsWithOrdinal(string user, bool expected)
    {
        var rule = Rule(new() { RequestUriUserPrefix = "+49" });

        Assert.Equal(expected, Matches(rule, user: user));
    }

    [Theory]
    [InlineData("^9[0-9]{3}$", "9123", true)]
    [InlineData("^9[0-9]{3}$", "91234", false)]
    [InlineData("^9[0-9]{3}$", "x9123", false)]
    [InlineData("49", "+4930", true)]
    [InlineData("(?i)^alice$", "ALICE", true)]
    [InlineData("^alice$", "ALICE", false)]
    public void Matches_UserPattern_FindsAMatchLikeKamailiosRegexOperator(string pattern, string user, bool expected)
    {
        var rule = Rule(new() { RequestUriUserPattern = pattern });

        Assert.Equal(expected, Matches(rule, user: user));
    }

    [Theory]
    [InlineData("+493012", true)]
    [InlineData("+494012", true)]
    [InlineData("+498912", false)]
    [InlineData("00493012", false)]
    public void Matches_PrefixAndPattern_BothMustHold(string user, bool expected)
    {
        var rule = Rule(new() { RequestUriUserPrefix = "+49", RequestUriUserPattern = @"^\+49(30|40)" });

        Assert.Equal(expected, Matches(rule, user: user));
    }

    [Theory]
    [InlineData("X-Carrier", "acme", true)]
    [InlineData("x-carrier", "acme", true)]
    [InlineData("X-Carrier", "ACME", false)]
    [InlineData("X-Carrier", "acme2", false)]
    [InlineData("X-Other", "acme", false)]
    public void Matches_HeaderValue_NameIgnoresCaseValueExact(string name, string value, bool expected)
    {
        var rule = Rule(new() { Header = "X-Carrier", HeaderValue = "acme" });

        Assert.Equal(expected, Matches(rule, headers: new TestHeaders((name, value))));
    }

    [Theory]
    [InlineData("Subject", "Subject")]
    [InlineData("Subject", "s")]
    [InlineData("Subject", "S")]
    [InlineData("s", "Subject")]
    [InlineData("s", "SUBJECT")]
    [InlineData("s", "s")]
    [InlineData("SUBJECT", "s")]
    [InlineData("i", "Call-ID")]
    [InlineData("call-id", "i")]
    public void Matches_HeaderCompactForm_SameAsFullName(string ruleHeader, string messageHeader)
    {
        var rule = Rule(new() { Header = ruleHeader, HeaderPattern = "^urgent" });

        Assert.True(Matches(rule, headers: new TestHeaders(("Via", "SIP/2.0/UDP x"), (messageHeader, "urgent call"))));
        Assert.False(Matches(rule, headers: new TestHeaders((messageHeader, "not urgent"))));
    }

    [Fact]
    public void Matches_HeaderOtherCompactLetter_NoMatch()
    {
        var rule = Rule(new() { Header = "Subject", HeaderPattern = "^" });

        Assert.False(Matches(rule, headers: new TestHeaders(("t", "urgent"))));
        Assert.True(Matches(rule, headers: new TestHeaders(("s", ""))));
    }

    [Fact]
    public void Matches_HeaderMissingOrNoHeaders_NoMatch()
    {
        var rule = Rule(new() { Header = "X-Carrier", HeaderPattern = "^" });

        Assert.False(Matches(rule, headers: new TestHeaders(("Subject", "x"))));
        Assert.False(Matches(rule, headers: null));
    }

    [Fact]
    public void Matches_NoCondition_EveryRequest()
    {
        var rule = Rule(new());

        Assert.True(rule.MatchesAll);
        Assert.True(Matches(rule, method: "OPTIONS", source: "2001:db8::1"));
    }

    [Theory]
    [InlineData("INVITE", "203.0.113.9", "+4930", "acme", true)]
    [InlineData("BYE", "203.0.113.9", "+4930", "acme", false)]
    [InlineData("INVITE", "192.0.2.9", "+4930", "acme", false)]
    [InlineData("INVITE", "203.0.113.9", "+4430", "acme", false)]
    [InlineData("INVITE", "203.0.113.9", "+49301", "acme", false)]
    [InlineData("INVITE", "203.0.113.9", "+4930", "other", false)]
    public void Matches_AllConditions_EachOneCanFailTheRule(string method, string source, string user, string carrier, bool expected)
    {
        var rule = Rule(new()
        {
            Methods = ["INVITE"],
            Source = ["203.0.113.0/24"],
            RequestUriUserPrefix = "+49",
            RequestUriUserPattern = "^[+0-9]{5}$",
            Header = "X-Carrier",
            HeaderValue = "acme",
        });

        Assert.False(rule.MatchesAll);
        Assert.Equal(expected, Matches(rule, method, source, user, new TestHeaders(("X-Carrier", carrier))));
    }

    private static RoutingRule Rule(RoutingRuleOptions conditions)
    {
        var result = RoutingTableBuilder.Build(new RoutingOptions { Rules = [conditions with { Name = "rule", SetId = "1" }] });
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Table!.Rules[0];
    }

    private static bool Matches(RoutingRule rule, string method = "INVITE", string source = "192.0.2.1", string user = "", IRoutingHeaders? headers = null) =>
        rule.Matches(new RoutingInput(method, IPAddress.Parse(source), user, headers));
}
