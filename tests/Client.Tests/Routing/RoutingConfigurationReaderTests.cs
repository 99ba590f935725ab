using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Routing;

public sealed class RoutingConfigurationReaderTests
{
    [Fact]
    public void Load_FlatKeysAsFromEnvironmentOrCommandLine_BuildsRule()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routing:Rules:0:Name"] = "carriers",
            ["Routing:Rules:0:Methods:0"] = "INVITE",
            ["Routing:Rules:0:Source:0"] = "203.0.113.0/24",
            ["Routing:Rules:0:Source:1"] = "198.51.100.10/32",
            ["Routing:Rules:0:SetId"] = "2",
            ["Routing:Rules:0:Algorithm"] = "call-load",
            ["Routing:Rules:0:Limit"] = "2",
            ["Routing:Rules:0:FailoverCodes:0"] = "503",
            ["Routing:Rules:0:FailoverOnTimeout"] = "false",
            ["Routing:NoMatchCode"] = "404",
            ["Routing:NoMatchReason"] = "Not Found",
        }).Build();

        var result = RoutingConfigurationReader.Load(configuration);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var rule = Assert.Single(result.Table!.Rules);
        Assert.Equal<string>(["INVITE"], rule.Methods);
        Assert.Equal(["203.0.113.0/24", "198.51.100.10"], rule.Sources.Select(s => s.ToString()));
        Assert.Equal(
            new DispatchAction(2, DispatcherAlgorithm.CallLoad) { Limit = 2, FailoverCodes = ResponseCodeSet.Of(503), FailoverOnTimeout = false },
            rule.Action);
        Assert.Equal(new RejectAction(404, "Not Found"), result.Table.NoMatch);
    }

    [Theory]
    [InlineData("4", DispatcherAlgorithm.RoundRobin)]
    [InlineData("round-robin", DispatcherAlgorithm.RoundRobin)]
    [InlineData("DS_ALG_ROUNDROBIN", DispatcherAlgorithm.RoundRobin)]
    [InlineData("10", DispatcherAlgorithm.CallLoad)]
    [InlineData("call-load", DispatcherAlgorithm.CallLoad)]
    [InlineData("hash-ruri", DispatcherAlgorithm.HashRequestUri)]
    [InlineData("9", DispatcherAlgorithm.Weight)]
    public void Load_Algorithm_NumberNameOrKamailioConstant(string text, DispatcherAlgorithm expected)
    {
        var table = RoutingJson.Table(OneRule($"\"SetId\": 1, \"Algorithm\": \"{text}\""));

        Assert.Equal(expected, Dispatch(table).Algorithm);
    }

    [Fact]
    public void Load_DispatchWithoutSettings_Defaults()
    {
        var action = Dispatch(RoutingJson.Table(OneRule("\"SetId\": 0")));

        Assert.Equal(new DispatchAction(0, DispatcherAlgorithm.RoundRobin), action);
        Assert.Null(action.Limit);
        Assert.Equal("408,500,503", action.FailoverCodes.ToString());
        Assert.True(action.FailoverOnTimeout);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    public void Load_Limit_ZeroMeansAllAsInKamailio(string text, int? expected)
    {
        Assert.Equal(expected, Dispatch(RoutingJson.Table(OneRule($"\"SetId\": 1, \"Limit\": {text}"))).Limit);
    }

    [Fact]
    public void Load_FailoverCodeClasses_CoverTheClass()
    {
        var action = Dispatch(RoutingJson.Table(OneRule("\"SetId\": 1, \"FailoverCodes\": [\"408\", \"5xx\", 603]")));

        Assert.True(action.IsFailover(408));
        Assert.True(action.IsFailover(500));
        Assert.True(action.IsFailover(599));
        Assert.True(action.IsFailover(603));
        Assert.False(action.IsFailover(486));
        Assert.False(action.IsFailover(600));
        Assert.Equal("408,5xx,603", action.FailoverCodes.ToString());
    }

    [Theory]
    [InlineData("s", "Subject")]
    [InlineData("I", "Call-ID")]
    [InlineData("call-id", "Call-ID")]
    [InlineData("X-Carrier", "X-Carrier")]
    public void Load_HeaderName_StoredAsFullName(string written, string expected)
    {
        var table = RoutingJson.Table(OneRule($"\"Header\": \"{written}\", \"HeaderValue\": \"x\", \"SetId\": 1"));

        Assert.Equal(expected, table.Rules[0].Header!.Name);
    }

    [Fact]
    public void Load_NoMatchReasonOnly_KeepsCode403()
    {
        var table = RoutingJson.Table("""{ "Routing": { "NoMatchReason": "Not relaying", "Rules": [ { "Name": "a", "SetId": 1 } ] } }""");

        Assert.Equal(new RejectAction(403, "Not relaying"), table.NoMatch);
    }

    [Theory]
    // Keys the binder would drop in silence.
    [InlineData("\"Soruce\": [\"192.0.2.1\"], \"SetId\": 1", "Routing:Rules:0:Soruce: unknown key; the keys of a rule are Name, Methods, Source,")]
    [InlineData("\"Source\": \"192.0.2.1\", \"SetId\": 1", "Routing:Rules:0:Source: '192.0.2.1' is a single value; give a list (a JSON array, or the keys Routing:Rules:0:Source:0,")]
    [InlineData("\"Methods\": \"INVITE\", \"SetId\": 1", "Routing:Rules:0:Methods: 'INVITE' is a single value; give a list")]
    [InlineData("\"SetId\": [1]", "Routing:Rules:0:SetId: give a single value, not a list or an object")]
    [InlineData("\"Source\": [[\"192.0.2.1\"]], \"SetId\": 1", "Routing:Rules:0:Source:0: give a single value, not a list or an object")]
    // Conditions.
    [InlineData("\"SetId\": 1, \"Methods\": [\"invite\"]", "Routing:Rules:0:Methods:0: 'invite' would never match INVITE: SIP methods are case-sensitive (RFC 3261 §7.1); write INVITE")]
    [InlineData("\"SetId\": 1, \"Methods\": [\"ACK\"]", "Routing:Rules:0:Methods:0: 'ACK' is not routed by rules")]
    [InlineData("\"SetId\": 1, \"Methods\": [\"INVITE\", \"IN VITE\"]", "Routing:Rules:0:Methods:1: 'IN VITE' is not a SIP method")]
    [InlineData("\"SetId\": 1, \"Source\": [\"10.0.0.0/8\", \"10.0.0.0/33\"]", "Routing:Rules:0:Source:1: '10.0.0.0/33' is not an IP address or CIDR (prefix length must be 0-32 for IPv4)")]
    [InlineData("\"SetId\": 1, \"Source\": [\"2001:db8::/129\"]", "Routing:Rules:0:Source:0: '2001:db8::/129' is not an IP address or CIDR (prefix length must be 0-128 for IPv6)")]
    [InlineData("\"SetId\": 1, \"Source\": [\"203.0.113.10/24\"]", "Routing:Rules:0:Source:0: '203.0.113.10/24' has bits set after the first 24; write 203.0.113.0/24")]
    [InlineData("\"SetId\": 1, \"RequestUriUserPattern\": \"[0-9\"", "Routing:Rules:0:RequestUriUserPattern: '[0-9' is not a valid .NET regular expression:")]
    [InlineData("\"SetId\": 1, \"Header\": \"X-Carrier\"", "Routing:Rules:0: Header needs HeaderValue (exact) or HeaderPattern (regular expression)")]
    [InlineData("\"SetId\": 1, \"HeaderValue\": \"acme\"", "Routing:Rules:0:Header: missing; HeaderValue and HeaderPattern test the header it names")]
    [InlineData("\"SetId\": 1, \"Header\": \"X-Carrier\", \"HeaderValue\": \"a\", \"HeaderPattern\": \"b\"", "Routing:Rules:0: give either HeaderValue (exact) or HeaderPattern (regular expression), not both")]
    [InlineData("\"SetId\": 1, \"Header\": \"X Carrier\", \"HeaderValue\": \"a\"", "Routing:Rules:0:Header: 'X Carrier' is not a header name")]
    [InlineData("\"SetId\": 1, \"Header\": \"s\", \"HeaderPattern\": \"(\"", "Routing:Rules:0:HeaderPattern: '(' is not a valid .NET regular expression:")]
    // Actions.
    [InlineData("\"Methods\": [\"INVITE\"]", "Routing:Rules:0: no action; give SetId (send to that dispatcher set) or RejectCode with RejectReason")]
    [InlineData("\"SetId\": 1, \"RejectCode\": 404, \"RejectReason\": \"x\"", "Routing:Rules:0: give either SetId (dispatch) or RejectCode (reject), not both")]
    [InlineData("\"SetId\": \"two\"", "Routing:Rules:0:SetId: 'two' is not a set id; give a whole number, 0 or more")]
    [InlineData("\"SetId\": -1", "Routing:Rules:0:SetId: '-1' is not a set id")]
    [InlineData("\"SetId\": 1, \"Algorithm\": \"fastest\"", "Routing:Rules:0:Algorithm: 'fastest' is not a dispatcher algorithm; give a number or name: 0 hash-callid, 1 hash-from,")]
    [InlineData("\"SetId\": 1, \"Algorithm\": \"16\"", "Routing:Rules:0:Algorithm: '16' is not a dispatcher algorithm")]
    [InlineData("\"SetId\": 1, \"Limit\": -1", "Routing:Rules:0:Limit: '-1' is not a limit; give how many destinations a request may try")]
    [InlineData("\"SetId\": 1, \"FailoverCodes\": [503, 200]", "Routing:Rules:0:FailoverCodes:1: '200' is not a failover code; give a final response code from 300 to 699")]
    [InlineData("\"SetId\": 1, \"FailoverCodes\": [\"7xx\"]", "Routing:Rules:0:FailoverCodes:0: '7xx' is not a failover code")]
    [InlineData("\"SetId\": 1, \"FailoverOnTimeout\": \"yes\"", "Routing:Rules:0:FailoverOnTimeout: 'yes' is not true or false")]
    [InlineData("\"SetId\": 1, \"RejectReason\": \"x\"", "Routing:Rules:0:RejectReason: only for a reject rule (RejectCode); remove it")]
    [InlineData("\"RejectCode\": 404, \"RejectReason\": \"x\", \"Algorithm\": 4", "Routing:Rules:0:Algorithm: only for a dispatch rule (SetId); remove it")]
    [InlineData("\"RejectCode\": 404, \"RejectReason\": \"x\", \"FailoverCodes\": [503]", "Routing:Rules:0:FailoverCodes: only for a dispatch rule (SetId); remove it")]
    [InlineData("\"RejectCode\": 200, \"RejectReason\": \"OK\"", "Routing:Rules:0:RejectCode: '200' is not a final response code for a refusal; give 300 to 699")]
    [InlineData("\"RejectCode\": 700, \"RejectReason\": \"x\"", "Routing:Rules:0:RejectCode: '700' is not a final response code")]
    [InlineData("\"RejectCode\": 404", "Routing:Rules:0:RejectReason: missing; give the reason phrase sent with the code")]
    [InlineData("\"RejectCode\": 404, \"RejectReason\": \"No\\r\\nVia: x\"", "Routing:Rules:0:RejectReason: 'No\r\nVia: x' has a control character")]
    public void Load_BadRule_NamesTheKeyAndTheFix(string ruleBody, string expected)
    {
        var errors = RoutingJson.Errors(OneRule(ruleBody));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "Routing": { "Rules": [ { "SetId": 1 } ] } }""", "Routing:Rules:0:Name: missing; give every rule a unique name")]
    [InlineData("""{ "Routing": { "Rules": [ { "Name": "a", "SetId": 1, "Methods": ["INVITE"] }, { "Name": "A", "SetId": 2 } ] } }""", "Routing:Rules:1:Name: 'A' is already the name of Routing:Rules:0; rule names must be unique (ignoring case)")]
    [InlineData("""{ "Routing": { "Rules": [ { "Name": "all", "SetId": 1 }, { "Name": "b", "SetId": 2, "Methods": ["INVITE"] } ] } }""", "Routing:Rules:1: never tried, because Routing:Rules:0 has no condition and matches every request first")]
    [InlineData("""{ "Routing": { } }""", "Routing:Rules: no rules, so every request would be refused")]
    [InlineData("""{ }""", "Routing:Rules: no rules, so every request would be refused")]
    [InlineData("""{ "Routing": { "Rules": [ "INVITE" ] } }""", "Routing:Rules:0: a rule is a set of keys")]
    [InlineData("""{ "Routing": { "Rule": [ { "Name": "a", "SetId": 1 } ] } }""", "Routing:Rule: unknown key; the keys of Routing are Rules, NoMatchCode, NoMatchReason")]
    [InlineData("""{ "Routing": { "NoMatchCode": 200, "NoMatchReason": "OK", "Rules": [ { "Name": "a", "SetId": 1 } ] } }""", "Routing:NoMatchCode: '200' is not a final response code for a refusal; give 300 to 699")]
    [InlineData("""{ "Routing": { "NoMatchCode": 404, "Rules": [ { "Name": "a", "SetId": 1 } ] } }""", "Routing:NoMatchReason: missing; give the reason phrase sent with the code, such as Not Found for 404")]
    public void Load_BadSection_NamesTheKeyAndTheFix(string json, string expected)
    {
        Assert.Contains(RoutingJson.Errors(json), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_GapInListKeys_Reported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routing:Rules:0:Name"] = "a",
            ["Routing:Rules:0:Methods:0"] = "INVITE",
            ["Routing:Rules:0:SetId"] = "1",
            ["Routing:Rules:2:Name"] = "b",
            ["Routing:Rules:2:SetId"] = "2",
        }).Build();

        var result = RoutingConfigurationReader.Load(configuration);

        Assert.Equal(["Routing:Rules:2: list items are numbered 0, 1, 2… without gaps; this one should be Routing:Rules:1"], result.Errors);
    }

    [Fact]
    public void Load_ManyMistakes_EveryOneReportedAtOnceByKey()
    {
        var errors = RoutingJson.Errors("""
            {
              "Routing": {
                "NoMatchCode": 99,
                "Rules": [
                  { "Name": "carriers", "Methods": ["invite"], "Source": ["198.51.100.5"], "SetId": 2, "Algorithm": "fastest" },
                  { "Name": "bad-source", "Methods": ["INVITE"], "Source": ["10.0.0.0/33", "::1"], "SetId": 1, "FailoverCodes": ["5xx", "250"] },
                  { "Name": "both", "Methods": ["MESSAGE"], "SetId": 1, "RejectCode": 403 },
                  { "Name": "carriers", "Methods": ["REGISTER"], "RejectCode": 404 },
                  { "Name": "regex", "RequestUriUserPattern": "(+49", "SetId": 3, "Limit": "x" },
                  { "Name": "typo", "Methods": ["OPTIONS"], "SetID": 1, "Sauce": ["192.0.2.1"] }
                ]
              }
            }
            """);

        Assert.Equal(
            [
                "Routing:Rules:5:Sauce",
                "Routing:NoMatchCode",
                "Routing:NoMatchReason",
                "Routing:Rules:0:Methods:0",
                "Routing:Rules:0:Algorithm",
                "Routing:Rules:1:Source:0",
                "Routing:Rules:1:FailoverCodes:1",
                "Routing:Rules:2",
                "Routing:Rules:3:Name",
                "Routing:Rules:3:RejectReason",
                "Routing:Rules:4:RequestUriUserPattern",
                "Routing:Rules:4:Limit",
            ],
            errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Contains("Routing:Rules:1:Source:0: '10.0.0.0/33' is not an IP address or CIDR (prefix length must be 0-32 for IPv4)", errors);
        Assert.Contains("Routing:Rules:2: give either SetId (dispatch) or RejectCode (reject), not both", errors);
        Assert.Contains(errors, e => e.StartsWith("Routing:Rules:0:Algorithm: 'fastest'", StringComparison.Ordinal) && e.Contains("4 round-robin") && e.Contains("10 call-load") && e.Contains("64 overload"));
    }

    private static string OneRule(string body) => $$"""{ "Routing": { "Rules": [ { "Name": "r", {{body}} } ] } }""";

    private static DispatchAction Dispatch(RoutingTable table) => Assert.IsType<DispatchAction>(table.Rules[0].Action);
}
