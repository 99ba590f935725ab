using System.Net;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Routing;

/// <summary>
/// The request_route of the seeds' kamailio.cfg (shared/reference/seeds), as routing configuration.
/// The JSON here is the sample Client/Routing/README.md shows.
/// </summary>
public sealed class SeedRoutingTests
{
    /// <summary>
    /// ViciStack's VICIdial balancer: carriers' INVITEs to set 2, other INVITEs to set 1, both with
    /// <c>ds_select_dst(set, "4")</c>; failover only on <c>t_check_status("500|503")</c>, so not on a
    /// timeout (Kamailio shows it as a local 408); REGISTER answered <c>404 No registrar</c>.
    /// </summary>
    public const string Vicidial = """
        {
          "Routing": {
            "Rules": [
              {
                "Name": "no-registrar",
                "Methods": [ "REGISTER" ],
                "RejectCode": 404,
                "RejectReason": "No registrar"
              },
              {
                "Name": "carriers-inbound",
                "Methods": [ "INVITE" ],
                "Source": [ "203.0.113.10", "203.0.113.20", "198.51.100.5" ],
                "SetId": 2,
                "Algorithm": "round-robin",
                "FailoverCodes": [ 500, 503 ],
                "FailoverOnTimeout": false
              },
              {
                "Name": "outbound",
                "Methods": [ "INVITE" ],
                "SetId": 1,
                "Algorithm": "round-robin",
                "FailoverCodes": [ 500, 503 ],
                "FailoverOnTimeout": false
              }
            ]
          }
        }
        """;

    /// <summary>
    /// The Debian/Ubuntu tutorial: every INVITE to set 1 with <c>ds_select_dst(1, 4)</c>; failover on
    /// <c>t_check_status("408|5[0-9][0-9]|6[0-9][0-9]")</c>, which a timeout's local 408 also matches.
    /// </summary>
    public const string Tutorial = """
        {
          "Routing": {
            "Rules": [
              {
                "Name": "invites",
                "Methods": [ "INVITE" ],
                "SetId": 1,
                "Algorithm": 4,
                "FailoverCodes": [ "408", "5xx", "6xx" ]
              }
            ]
          }
        }
        """;

    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("203.0.113.20")]
    [InlineData("198.51.100.5")]
    [InlineData("::ffff:203.0.113.10")]
    public void Vicidial_InviteFromCarrier_Set2RoundRobinFailoverOn500And503Only(string carrier)
    {
        var rule = RoutingJson.Table(Vicidial).Match(Invite(carrier));

        Assert.Equal("carriers-inbound", rule?.Name);
        var action = Assert.IsType<DispatchAction>(rule!.Action);
        Assert.Equal(new DispatchAction(2, DispatcherAlgorithm.RoundRobin) { FailoverCodes = ResponseCodeSet.Of(500, 503), FailoverOnTimeout = false }, action);
        Assert.Null(action.Limit);
        Assert.True(action.IsFailover(500));
        Assert.True(action.IsFailover(503));
        Assert.False(action.IsFailover(408));
        Assert.False(action.IsFailover(502));
        Assert.False(action.IsFailover(486));
    }

    [Theory]
    [InlineData("203.0.113.11")]
    [InlineData("198.51.100.6")]
    [InlineData("10.0.0.50")]
    [InlineData("2001:db8::10")]
    public void Vicidial_InviteFromElsewhere_Set1(string source)
    {
        var rule = RoutingJson.Table(Vicidial).Match(Invite(source));

        Assert.Equal("outbound", rule?.Name);
        Assert.Equal(1, Assert.IsType<DispatchAction>(rule!.Action).SetId);
    }

    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("10.0.0.50")]
    public void Vicidial_Register_404NoRegistrar(string source)
    {
        var rule = RoutingJson.Table(Vicidial).Match(new RoutingInput("REGISTER", IPAddress.Parse(source), "agent100"));

        Assert.Equal(new RejectAction(404, "No registrar"), rule?.Action);
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("MESSAGE")]
    [InlineData("invite")]
    public void Vicidial_AnythingElse_RefusedNotRelayed(string method)
    {
        var table = RoutingJson.Table(Vicidial);

        Assert.Null(table.Match(new RoutingInput(method, IPAddress.Parse("203.0.113.10"), "100")));
        Assert.Equal(new RejectAction(403, "Forbidden"), table.NoMatch);
        Assert.Equal<int>([1, 2], table.SetIds);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(500, true)]
    [InlineData(599, true)]
    [InlineData(603, true)]
    [InlineData(404, false)]
    [InlineData(486, false)]
    [InlineData(487, false)]
    public void Tutorial_EveryInvite_Set1FailoverOn408And5xxAnd6xx(int code, bool failover)
    {
        var table = RoutingJson.Table(Tutorial);

        var action = Assert.IsType<DispatchAction>(table.Match(Invite("192.168.1.50"))?.Action);
        Assert.Equal(1, action.SetId);
        Assert.Equal(DispatcherAlgorithm.RoundRobin, action.Algorithm);
        Assert.True(action.FailoverOnTimeout);
        Assert.Equal(failover, action.IsFailover(code));
    }

    [Fact]
    public void Tutorial_Register_RefusedWhereTheScriptRelayedIt()
    {
        var table = RoutingJson.Table(Tutorial);

        Assert.Null(table.Match(new RoutingInput("REGISTER", IPAddress.Parse("192.168.1.50"), "alice")));
        Assert.Equal(403, table.NoMatch.Code);
    }

    private static RoutingInput Invite(string source) => new("INVITE", IPAddress.Parse(source), "4930123456");
}
