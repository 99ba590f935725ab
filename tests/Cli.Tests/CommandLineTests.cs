using System.Text.Json;

namespace OrleansLB.Cli;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("dispatcher list", "GET", "/api/v1/dispatcher/sets", null)]
    [InlineData("dispatcher.list", "GET", "/api/v1/dispatcher/sets", null)]
    [InlineData("dispatcher list 2", "GET", "/api/v1/dispatcher/sets/2", null)]
    [InlineData("dispatcher set_state ip 1 sip:10.0.0.13:5080", "POST", "/api/v1/dispatcher/sets/1/state", """{"state":"ip","uri":"sip:10.0.0.13:5080"}""")]
    [InlineData("dispatcher set_state d 1 duid ast1", "POST", "/api/v1/dispatcher/sets/1/state", """{"state":"d","duid":"ast1"}""")]
    [InlineData("dispatcher set_duid_state a 3 ast1", "POST", "/api/v1/dispatcher/sets/3/state", """{"state":"a","duid":"ast1"}""")]
    [InlineData("dispatcher set_state a 1 all", "POST", "/api/v1/dispatcher/sets/1/state", """{"state":"a","all":true}""")]
    [InlineData("dispatcher reload", "POST", "/api/v1/dispatcher/reload", null)]
    [InlineData("dispatcher add 2 sip:10.0.0.20:5060", "POST", "/api/v1/dispatcher/sets/2/destinations", """{"uri":"sip:10.0.0.20:5060"}""")]
    [InlineData("dispatcher add 2 sip:10.0.0.20:5060 8 5 duid=a4;weight=20 Asterisk four", "POST", "/api/v1/dispatcher/sets/2/destinations",
        """{"uri":"sip:10.0.0.20:5060","flags":8,"priority":5,"attrs":"duid=a4;weight=20","description":"Asterisk four"}""")]
    [InlineData("dispatcher remove 2 sip:10.0.0.20:5060", "DELETE", "/api/v1/dispatcher/sets/2/destinations?uri=sip%3A10.0.0.20%3A5060", null)]
    [InlineData("dispatcher remove 2 duid a4", "DELETE", "/api/v1/dispatcher/sets/2/destinations?duid=a4", null)]
    [InlineData("dispatcher ping_active", "GET", "/api/v1/dispatcher/ping-active", null)]
    [InlineData("dispatcher ping_active 0", "PUT", "/api/v1/dispatcher/ping-active", """{"active":false}""")]
    [InlineData("dispatcher hash 1 abc@host", "GET", "/api/v1/dispatcher/sets/1/hash?key=abc%40host", null)]
    [InlineData("dispatcher hash 1 k 7", "GET", "/api/v1/dispatcher/sets/1/hash?key=k&algorithm=7", null)]
    public void Parse_Verb_AdminApiRequest(string line, string method, string path, string? body)
    {
        var command = CommandLine.Parse(line.Split(' '), NoEnvironment, out var error);

        Assert.True(command is not null, error);
        Assert.Equal((method, path), (command.Method.Method, command.Path));
        Assert.Equal(body is null ? null : JsonDocument.Parse(body).RootElement.GetRawText(), command.Body);
    }

    [Fact]
    public void Parse_Options_AnywhereAndTokenFromTheEnvironment()
    {
        var fromOptions = CommandLine.Parse(["--json", "dispatcher", "--url", "http://10.1.1.1:9000", "list", "--token=abc"], NoEnvironment, out _)!;
        var fromEnvironment = CommandLine.Parse(["dispatcher", "list"], name => name == CommandLine.TokenVariable ? "env-token" : null, out _)!;
        var overridden = CommandLine.Parse(["dispatcher", "list", "--token", "given"], _ => "env-token", out _)!;

        Assert.Equal((new Uri("http://10.1.1.1:9000"), "abc", true), (fromOptions.Url, fromOptions.Token, fromOptions.Json));
        Assert.Equal((new Uri(CommandLine.DefaultUrl), "env-token", false), (fromEnvironment.Url, fromEnvironment.Token, fromEnvironment.Json));
        Assert.Equal("given", overridden.Token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("list")]
    [InlineData("dispatcher")]
    [InlineData("dispatcher nope")]
    [InlineData("dispatcher list x")]
    [InlineData("dispatcher set_state d 1")]
    [InlineData("dispatcher set_state d one sip:a")]
    [InlineData("dispatcher add 1 sip:a flags")]
    [InlineData("dispatcher add 1 sip:a 0 high")]
    [InlineData("dispatcher ping_active 2")]
    [InlineData("dispatcher hash 1")]
    [InlineData("dispatcher list --url")]
    [InlineData("dispatcher list --url ftp://x")]
    [InlineData("dispatcher list --verbose")]
    public void Parse_Wrong_NullWithAReason(string line)
    {
        var command = CommandLine.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), NoEnvironment, out var error);

        Assert.Null(command);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
