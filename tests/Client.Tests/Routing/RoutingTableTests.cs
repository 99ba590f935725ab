using System.Net;
using System.Text.RegularExpressions;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Routing;

public sealed class RoutingTableTests
{
    private const string Overlapping = """
        { "Routing": { "Rules": [
          { "Name": "premium", "Methods": ["INVITE"], "RequestUriUserPrefix": "+4930", "SetId": 3 },
          { "Name": "germany", "Methods": ["INVITE"], "RequestUriUserPrefix": "+49", "SetId": 2 },
          { "Name": "rest", "Methods": ["INVITE"], "SetId": 1 }
        ] } }
        """;

    [Theory]
    [InlineData("+4930123", "premium")]
    [InlineData("+4940123", "germany")]
    [InlineData("+3312", "rest")]
    public void Match_OverlappingRules_FirstInOrderWins(string user, string expected)
    {
        var table = RoutingJson.Table(Overlapping);

        Assert.Equal(expected, table.Match(new RoutingInput("INVITE", IPAddress.Loopback, user))?.Name);
    }

    [Fact]
    public void Match_GeneralRuleFirst_ShadowsSpecificOne()
    {
        var table = RoutingJson.Table("""
            { "Routing": { "Rules": [
              { "Name": "germany", "Methods": ["INVITE"], "RequestUriUserPrefix": "+49", "SetId": 2 },
              { "Name": "premium", "Methods": ["INVITE"], "RequestUriUserPrefix": "+4930", "SetId": 3 }
            ] } }
            """);

        var rule = table.Match(new RoutingInput("INVITE", IPAddress.Loopback, "+4930123"));

        Assert.Equal("germany", rule?.Name);
        Assert.Equal(2, Assert.IsType<DispatchAction>(rule!.Action).SetId);
    }

    [Fact]
    public void Match_NothingMatches_NullAndNoMatchIs403Forbidden()
    {
        var table = RoutingJson.Table(Overlapping);

        Assert.Null(table.Match(new RoutingInput("OPTIONS", IPAddress.Loopback, "+4930")));
        Assert.Equal(new RejectAction(403, "Forbidden"), table.NoMatch);
    }

    [Fact]
    public void SetIds_DistinctAscendingDispatchSetsOnly()
    {
        var table = RoutingJson.Table("""
            { "Routing": { "Rules": [
              { "Name": "a", "Methods": ["INVITE"], "Source": ["192.0.2.1"], "SetId": 7 },
              { "Name": "b", "Methods": ["REGISTER"], "RejectCode": 404, "RejectReason": "No registrar" },
              { "Name": "c", "Methods": ["INVITE"], "Source": ["192.0.2.2"], "SetId": 2 },
              { "Name": "d", "Methods": ["INVITE"], "SetId": 7 }
            ] } }
            """);

        Assert.Equal<int>([2, 7], table.SetIds);
    }

    [Fact]
    public void Match_CommonCase_AllocatesNothing()
    {
        var table = RoutingJson.Table("""
            { "Routing": { "Rules": [
              { "Name": "register", "Methods": ["REGISTER"], "RejectCode": 404, "RejectReason": "No registrar" },
              { "Name": "carrier", "Methods": ["INVITE"], "Source": ["198.51.100.0/24", "2001:db8::/32"], "Header": "s", "HeaderPattern": "^call", "SetId": 2 },
              { "Name": "local", "Methods": ["INVITE"], "RequestUriUserPrefix": "+49", "RequestUriUserPattern": "^\\+49[0-9]+$", "SetId": 1 }
            ] } }
            """);
        var carrier = IPAddress.Parse("::ffff:198.51.100.9");
        var other = IPAddress.Parse("192.0.2.1");
        var headers = new TestHeaders(("Subject", "call me"));

        // The warm-up round also builds the regex runners.
        Allocations.AssertNonePerCall(4 * 1_000, () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                Assert.Equal("carrier", table.Match(new RoutingInput("INVITE", carrier, "100", headers))?.Name);
                Assert.Equal("local", table.Match(new RoutingInput("INVITE", other, "+4930123", headers))?.Name);
                Assert.Equal("register", table.Match(new RoutingInput("REGISTER", other, "alice"))?.Name);
                Assert.Null(table.Match(new RoutingInput("INVITE", other, "+4930x")));
            }
        });
    }

    [Fact]
    public void Match_PatternTimesOut_ThrowsRatherThanTryingLaterRules()
    {
        var slow = new Regex("^(a|aa)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1));
        var table = new RoutingTable(
        [
            new RoutingRule("slow", new RejectAction(403, "No")) { RequestUriUserPattern = slow },
            new RoutingRule("all", new DispatchAction(1, DispatcherAlgorithm.RoundRobin)),
        ]);

        Assert.Throws<RegexMatchTimeoutException>(() => table.Match(new RoutingInput("INVITE", IPAddress.Loopback, new string('a', 5_000) + "!")));
    }
}
