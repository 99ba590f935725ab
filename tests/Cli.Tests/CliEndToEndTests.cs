namespace OrleansLB.Cli;

/// <summary>The CLI against a real single-node silo process: list, set_state d, list shows DX; a refused change exits 1 with the problem.</summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync("""
        1 sip:127.0.0.1:5998 0 10 duid=ast1;maxload=2 Asterisk one
        1 sip:127.0.0.1:5999 0 5 duid=ast2
        """);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ListSetStateList_DisabledDestinationShowsDX()
    {
        var before = await RunAsync(0, "dispatcher", "list");
        var change = await RunAsync(0, "dispatcher", "set_state", "d", "1", "sip:127.0.0.1:5999", "--token", SiloProcess.Token);
        var after = await RunAsync(0, "dispatcher", "list");

        Assert.Matches(@"(?m)^1\s+sip:127\.0\.0\.1:5999\s+AX\s+5\s", before.Output);
        Assert.StartsWith("matched 1\n", change.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\s+sip:127\.0\.0\.1:5999\s+DX\s+5\s", after.Output);
        Assert.Matches(@"(?m)^1\s+sip:127\.0\.0\.1:5998\s+AX\s+10\s+duid=ast1;maxload=2\s+0/2\s", after.Output);
    }

    [Fact]
    public async Task SetState_WithoutToken_Exit1WithTheProblem()
    {
        var refused = await RunAsync(1, "dispatcher", "set_state", "d", "1", "duid", "ast1");
        var unknown = await RunAsync(1, "dispatcher", "remove", "1", "sip:127.0.0.1:5000", "--token", SiloProcess.Token);

        Assert.Contains("error 401: The admin token is missing or wrong (field: Authorization)", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("error 404: No such destination (field: uri)", unknown.Errors, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\s+sip:127\.0\.0\.1:5998\s+AX\s", (await RunAsync(0, "dispatcher", "list")).Output);
    }

    private async Task<(string Output, string Errors)> RunAsync(int expectedExit, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var code = await CliApp.RunAsync([.. args, "--url", _silo.Url.ToString()], output, errors, _ => null, timeout.Token);

        Assert.True(code == expectedExit, $"exit {code} for {string.Join(' ', args)}\nout: {output}\nerr: {errors}\nsilo log:\n{_silo.Log}");
        return (output.ToString(), errors.ToString());
    }
}
