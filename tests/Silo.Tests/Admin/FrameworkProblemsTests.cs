using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The errors ASP.NET answers itself, anywhere on the silo's HTTP surface, are problem details
/// too: unknown path, wrong method, unhandled exception (without its text or stack), a body over
/// the silo's limit, a body of the wrong type.
/// </summary>
[Collection(AdminSiloCollection.Name)]
public sealed class FrameworkProblemsTests : IAsyncLifetime
{
    private const string Secret = "secret-marker-7f3a";

    private AdminSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await AdminSilo.StartMappedAsync(app =>
    {
        app.MapGet("/test/throw", string () => throw new InvalidOperationException(Secret));
        app.MapPost("/test/drain", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.NoContent();
        });
        app.MapPost("/test/json", (PingActiveRequest body) => Results.NoContent());
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("/no/such/path")]
    [InlineData("/api/v2/dispatcher/sets")]
    [InlineData("/status/x")]
    public async Task UnknownPath_404Problem(string path)
    {
        using var response = await _silo.SendAsync(HttpMethod.Get, path, token: null);

        var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:orleanslb:problem:no-such-route", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("POST", "/metrics")]
    [InlineData("DELETE", "/api/v1/dispatcher/reload")]
    [InlineData("PATCH", "/openapi/v1.json")]
    public async Task WrongMethod_405ProblemNamingTheMethod(string method, string path)
    {
        using var response = await _silo.SendAsync(new HttpMethod(method), path, "{}", token: null);

        var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(method, problem.GetProperty("value").GetString());
        Assert.NotEmpty(response.Content.Headers.Allow);
    }

    [Fact]
    public async Task UnhandledException_500ProblemWithoutTheExceptionOrStack()
    {
        using var response = await _silo.SendAsync(HttpMethod.Get, "/test/throw", token: null);

        var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.Equal("urn:orleanslb:problem:internal-error", problem.GetProperty("type").GetString());
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheSiloLimit_413Problem()
    {
        using var request = _silo.Request(HttpMethod.Post, "/test/drain");
        request.Content = new ByteArrayContent(new byte[AdminApi.MaxRequestBodyBytes + 1]);

        using var response = await _silo.Http.SendAsync(request);

        var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:orleanslb:problem:body-too-large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task BodyOfTheWrongType_415Problem()
    {
        using var request = _silo.Request(HttpMethod.Post, "/test/json");
        request.Content = new StringContent("active=1", System.Text.Encoding.UTF8, "text/plain");

        using var response = await _silo.Http.SendAsync(request);

        var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("text/plain; charset=utf-8", problem.GetProperty("value").GetString());
    }
}
