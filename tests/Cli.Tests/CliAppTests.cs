namespace OrleansLB.Cli;

public sealed class CliAppTests
{
    [Fact]
    public async Task Run_UsageError_Exit2WithUsageOnStandardError()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await CliApp.RunAsync(["dispatcher", "fly"], output, errors, _ => null, CancellationToken.None);

        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("unknown verb 'fly'", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: orleanslb-cli", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Problem_ProblemJson_TitleFieldAndDetail()
    {
        var text = CliApp.Problem(404, "application/problem+json", """{"type":"urn:orleanslb:problem:destination-not-found","title":"No such destination","status":404,"detail":"Set 1 has no destination with uri 'sip:x'.","field":"uri"}""");

        Assert.Equal("error 404: No such destination (field: uri)\nSet 1 has no destination with uri 'sip:x'.", text);
    }

    [Fact]
    public async Task Run_NothingListening_Exit1NamingTheUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var errors = new StringWriter();

        var code = await CliApp.RunAsync(["dispatcher", "list", "--url", url], new StringWriter(), errors, _ => null, CancellationToken.None);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains($"cannot reach {url}/", errors.ToString(), StringComparison.Ordinal);
    }
}
