using System.Text.Json;

namespace OrleansLB.Cli;

public sealed class TableRendererTests
{
    private const string Set = """
        {"id":1,"version":3,"destinations":[
          {"uri":"sip:10.0.0.11:5080","flags":"AP","flagBits":8,"state":"active","probing":true,"priority":10,"duid":"ast1","attrs":"duid=ast1;maxload=20","maxLoad":20,"weight":0,"relativeWeight":0,"description":"Asterisk one","activeCalls":7,
           "latency":{"average":12.345,"standardDeviation":1.0,"estimate":11.9,"max":40,"timeouts":2,"count":100}},
          {"uri":"sip:10.0.0.13:5080","flags":"DX","flagBits":4,"state":"disabled","probing":false,"priority":0,"duid":null,"attrs":"","maxLoad":0,"weight":0,"relativeWeight":0,"description":null,"activeCalls":0,
           "latency":{"average":0,"standardDeviation":0,"estimate":0,"max":0,"timeouts":0,"count":0}}]}
        """;

    [Fact]
    public void Render_List_OneAlignedRowPerDestination()
    {
        var text = TableRenderer.Render("list", JsonDocument.Parse($$"""{"sets":[{{Set}}]}""").RootElement);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("SET  URI                 FLAGS  PRIORITY  ATTRS                 CALLS  LATENCY ms (avg/est/max)  TIMEOUTS  DESCRIPTION", lines[0], StringComparison.Ordinal);
        Assert.Equal("1    sip:10.0.0.11:5080  AP     10        duid=ast1;maxload=20  7/20   12.3/11.9/40              2         Asterisk one", lines[1]);
        Assert.Equal("1    sip:10.0.0.13:5080  DX     0                               0      -                         0", lines[2]);
    }

    [Fact]
    public void Render_Change_MatchedCountThenTheSet()
    {
        var text = TableRenderer.Render("set_state", JsonDocument.Parse($$"""{"matched":1,"set":{{Set}}}""").RootElement);

        Assert.StartsWith("matched 1\nSET", text, StringComparison.Ordinal);
        Assert.Contains("sip:10.0.0.13:5080  DX", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Hash_OneRowPerAlgorithm()
    {
        var answer = """
            {"set":1,"key":"abc","placement":"rendezvous","userOnly":false,"algorithms":[
              {"algorithm":0,"name":"callid","input":"Call-ID","destination":{"uri":"sip:a","duid":null,"flags":"AX"},"failover":[{"uri":"sip:b","duid":null,"flags":"AX"}],"note":null},
              {"algorithm":7,"name":"pv","input":"value","destination":null,"failover":[],"note":"no active destination"}]}
            """;

        var lines = TableRenderer.Render("hash", JsonDocument.Parse(answer).RootElement).TrimEnd('\n').Split('\n');

        Assert.Equal("set 1 key abc placement rendezvous", lines[0]);
        Assert.Equal("0    callid  sip:a        sip:b", lines[2]);
        Assert.Equal("7    pv      -                      no active destination", lines[3]);
    }

    [Theory]
    [InlineData("""{"active":true}""", "1\n")]
    [InlineData("""{"active":false}""", "0\n")]
    public void Render_PingActive_KamcmdsOneOrZero(string json, string expected) =>
        Assert.Equal(expected, TableRenderer.Render("ping_active", JsonDocument.Parse(json).RootElement));
}
