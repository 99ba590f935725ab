using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansLB.Silo.Admin;

[Collection(AdminSiloCollection.Name)]
public sealed class AdminApiTests(AdminSiloFixture fixture) : IClassFixture<AdminSiloFixture>
{
    private AdminSilo Silo => fixture.Silo;

    [Fact]
    public async Task OpenApi_EveryAdminRouteDocumentedAndEveryDocumentedRouteMapped()
    {
        var document = await Silo.GetJsonAsync(AdminApi.OpenApiPath);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order()
            .ToList();

        var mapped = Silo.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith(DispatcherEndpoints.Prefix, StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToList();

        Assert.Equal(9, mapped.Count);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task OpenApi_ChangesDescribeTheirBodyTheBearerSchemeAndProblemAnswers()
    {
        var document = await Silo.GetJsonAsync(AdminApi.OpenApiPath);

        var setState = document.GetProperty("paths").GetProperty("/api/v1/dispatcher/sets/{setId}/state").GetProperty("post");
        Assert.True(setState.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(setState.GetProperty("responses").GetProperty("401").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal("set_state", setState.GetProperty("operationId").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_Loopback_OpenWithoutToken()
    {
        using var response = await Silo.SendAsync(HttpMethod.Get, "/api/v1/dispatcher/sets", token: null);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sets").ValueKind);
    }
}
